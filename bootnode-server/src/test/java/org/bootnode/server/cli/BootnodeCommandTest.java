package org.bootnode.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BootnodeCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return BootnodeCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void helpListsEveryCommandOfTheDesign() {
        assertEquals(0, run("--help"));
        for (String command : List.of("serve", "config", "image", "ipxe", "status", "node", "lease")) {
            assertTrue(out.toString().contains(command), () -> command + " missing from:\n" + out);
        }
    }

    @Test
    void imageHelpListsItsSubcommands() {
        assertEquals(0, run("image", "--help"));
        for (String command : List.of("build", "failsafe", "pack", "list")) {
            assertTrue(out.toString().contains(command), () -> command + " missing from:\n" + out);
        }
    }

    @Test
    void everyHelpTextFormatsWithoutPicocliWarnings() throws Exception {
        // picocli formats descriptions with String.format: a lone '%' makes it warn on standard
        // error (every time the help is shown) and print the raw text
        List<List<String>> commands = List.of(List.of(), List.of("serve"), List.of("config"), List.of("config", "check"),
                List.of("image"), List.of("image", "build"), List.of("image", "failsafe"), List.of("image", "pack"),
                List.of("image", "list"), List.of("ipxe"), List.of("status"), List.of("node"), List.of("node", "list"),
                List.of("node", "show"), List.of("node", "add"), List.of("node", "set"), List.of("node", "rm"),
                List.of("node", "adopt"), List.of("lease"), List.of("lease", "list"), List.of("lease", "release"));
        PrintStream saved = System.err;
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        System.setErr(new PrintStream(stderr, true));
        try {
            for (List<String> command : commands) {
                List<String> args = new ArrayList<>(command);
                args.add("--help");
                assertEquals(0, run(args.toArray(String[]::new)), args::toString);
            }
        } finally {
            System.setErr(saved);
        }
        assertEquals("", stderr.toString());
        assertTrue(out.toString().contains("~40% less CPU"), out::toString);
    }

    @Test
    void unknownCommandIsAUsageError() {
        assertEquals(2, run("frobnicate"));
        assertTrue(err.toString().contains("frobnicate"), err::toString);
    }

    @Test
    void missingRequiredOptionIsAUsageError() {
        assertEquals(2, run("serve"));
        assertTrue(err.toString().contains("--config"), err::toString);
    }

    @Test
    void noCommandIsAUsageError() {
        assertEquals(2, run());
    }
}
