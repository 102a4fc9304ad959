package org.bootnode.server.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The root of the command line: {@code bootnode <command> ...}.
 *
 * <p>Exit codes: 0 success, 1 bad input or failure (one clear line on stderr), 2 usage error.
 */
@Command(
        name = "bootnode",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Network boot service for diskless cluster nodes: DHCP, TFTP, iPXE and HTTP.",
        subcommands = {
            ServeCommand.class,
            ConfigCommand.class,
            ImageCommand.class,
            IpxeCommand.class,
            OverlayCommand.class,
            StatusCommand.class,
            NodeCommand.class,
            LeaseCommand.class,
            CommandLine.HelpCommand.class
        })
public final class BootnodeCommand implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        // No subcommand: show what there is, as a usage error.
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    /** Runs the command line with the given arguments, printing to the process's streams. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the command line with the given arguments and streams; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new BootnodeCommand());
        cli.setOut(out);
        cli.setErr(err);
        // picocli asks this mapper for usage errors too: keep them at 2.
        cli.setExitCodeExceptionMapper(t -> t instanceof CommandLine.ParameterException ? EXIT_USAGE : EXIT_FAILURE);
        cli.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            cmd.getErr().println("bootnode: " + messageOf(ex));
            cmd.getErr().flush();
            return EXIT_FAILURE;
        });
        return cli.execute(args);
    }

    private static String messageOf(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.toString() : message;
    }
}
