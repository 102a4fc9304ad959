package org.bootnode.server.cli;

/** Thrown by a command whose module is not built yet: reported as one line, exit 1. */
final class NotYetAvailable extends RuntimeException {
    NotYetAvailable(String command) {
        super(command + ": not available yet in this build");
    }
}
