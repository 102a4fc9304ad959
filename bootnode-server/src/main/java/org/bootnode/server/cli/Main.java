package org.bootnode.server.cli;

/**
 * The {@code bootnode} executable: the only place that calls {@link System#exit}.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(BootnodeCommand.run(args));
    }
}
