package org.bootnode.server.overlay;

import java.nio.file.Path;
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

    /**
     * The first problem, and how many more, with the file named relative to {@code root} when it
     * lies there: what the node's console may show without telling it the server's folders.
     */
    public String summary(Path root) {
        if (problems.isEmpty()) {
            return "failed";
        }
        ConfigProblem p = problems.get(0);
        Path file = p.file().startsWith(root) ? root.relativize(p.file()) : p.file().getFileName();
        return file + ":" + p.line() + ": " + p.message() + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "");
    }

    /** What is wrong. */
    public List<ConfigProblem> problems() {
        return problems;
    }
}
