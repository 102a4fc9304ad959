package org.bootnode.server.config;

import java.nio.file.Path;

/**
 * One thing wrong in a configuration file, printed as {@code FILE:LINE: message}.
 *
 * @param file the file as the user named it
 * @param line 1-based line number
 * @param message what is wrong and what was expected
 */
public record ConfigProblem(Path file, int line, String message) {
    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }
}
