package org.bootnode.server.config;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration file that cannot be used: every problem found, in line order. */
public final class ConfigException extends Exception {
    private final transient List<ConfigProblem> problems;

    /** An exception holding at least one problem. */
    public ConfigException(List<ConfigProblem> problems) {
        super(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("problems: empty (expected: at least one)");
        }
        this.problems = List.copyOf(problems);
    }

    /** The problems, in line order. */
    public List<ConfigProblem> problems() {
        return problems;
    }
}
