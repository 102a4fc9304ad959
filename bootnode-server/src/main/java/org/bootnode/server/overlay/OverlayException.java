package org.bootnode.server.overlay;

import java.util.List;
import org.bootnode.server.config.ConfigProblem;

/** A node's overlay cannot be built: each problem names its file and line (0 when none applies). */
public final class OverlayException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<ConfigProblem> problems;

    /** An exception listing {@code problems}, at least one. */
    public OverlayException(List<ConfigProblem> problems) {
        super(problems.isEmpty() ? "overlay: failed" : problems.get(0) + (problems.size() > 1
                ? " (and " + (problems.size() - 1) + " more)" : ""));
        this.problems = List.copyOf(problems);
    }

    /** What is wrong. */
    public List<ConfigProblem> problems() {
        return problems;
    }
}
