package org.bootnode.ipxe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import org.bootnode.testkit.BackgroundProcess;
import org.bootnode.testkit.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs rendered scripts in the real iPXE of the Debian package: {@code ipxe.lkrn} under qemu
 * (TCG, no network) executes the script given as its initrd, and prints to the serial console.
 */
class IpxeQemuIT {

    private static final Path IPXE_LKRN = Path.of("/usr/lib/ipxe/ipxe.lkrn");

    /** Literal tokens that iPXE must read back exactly (ASCII: the console re-encodes the rest). */
    static final List<String> HOSTILE = List.of("a$b{c}|d#e", "x||y", "a&&b", "a;b", "$", "{", "}", "}{$", "-",
            "--", "-n", "--name", "http://x/#frag", "a\\b", "trailing\\", ":label", "100%", "'q'", "\"dq\"",
            "$x{y}", "$}", "*?[]", "a=b=c", "-".repeat(3) + "x".repeat(3000) + "}$}{");

    /** Text only {@link SetSetting#exactly} can carry: spaces, comment and separator tokens. */
    static final List<String> EXACT = List.of(" lead", "trail ", "a  b   c", "#hash", "||", "&&", ";", "x # y",
            "$}{", "");

    @TempDir
    Path dir;

    @BeforeAll
    static void requireQemuAndIpxe() {
        Tools.require("qemu-system-x86_64");
        Tools.requireFile(IPXE_LKRN, "Debian package ipxe");
    }

    @Test
    void ipxeReadsHostileValuesBackExactly() throws IOException {
        IpxeScript.Builder script = IpxeScript.builder().comment("hostile values, compared inside iPXE");
        for (int i = 0; i < HOSTILE.size(); i++) {
            String value = HOSTILE.get(i);
            // The same bytes, written as hex: an independent route into iPXE.
            String hex = HexFormat.ofDelimiter(":").formatHex(value.getBytes(StandardCharsets.UTF_8));
            script.command(new SetSetting(Setting.parse("h" + i + ":hex"), Words.of(hex)));
            script.line(Line.of(new Iseq(Value.text(value), Value.of(Setting.parse("h" + i + ":string"))))
                    .and(Echo.of("BN-OK " + i)).or(Echo.of("BN-BAD " + i)));
            if (value.length() < 60) {
                script.command(new Echo(false, Words.of(Value.text("BN-ECHO"), Value.text(i + ""), Value.text(value))));
            }
        }
        String words = "one two -three f#our a||b ${ }";
        String wordsSafe = "one two -three f#our a||b $ }";
        script.command(SetSetting.of("w", wordsSafe));
        script.command(new Echo(false, Words.of(Value.text("BN-WORDS"),
                Value.builder().text("[").ref(Setting.of("w")).text("]").build())));
        for (int i = 0; i < EXACT.size(); i++) {
            script.command(SetSetting.exactly("e" + i, EXACT.get(i)));
            script.command(new Echo(false, Words.of(Value.text("BN-EXACT"), Value.text(i + ""),
                    Value.builder().text("[").ref(Setting.of("e" + i).withType("string")).text("]").build())));
        }
        script.command(SetSetting.of("target", "there"));
        script.command(new Goto(Value.of(Setting.of("target"))));
        script.command(Echo.of("BN-BAD goto"));
        script.label("there");
        script.command(Echo.of("BN-END"));
        // The console loses the last characters when the machine resets at once: pad.
        script.command(Echo.of("padding padding padding padding padding"));
        script.command(new Sleep(1));
        script.command(new Reboot(false));
        assertTrue(words.contains("${"), "the words a person might write contain ${");

        String log = run(script.build(), null);
        assertTrue(log.contains("BN-END\n"), log);
        for (int i = 0; i < HOSTILE.size(); i++) {
            assertTrue(log.contains("BN-OK " + i + "\n"), "value " + i + " " + HOSTILE.get(i) + "\n" + log);
            if (HOSTILE.get(i).length() < 60) {
                assertTrue(log.contains("BN-ECHO " + i + " " + HOSTILE.get(i) + "\n"), "echo " + i + "\n" + log);
            }
        }
        assertTrue(!log.contains("BN-BAD"), log);
        assertTrue(log.contains("BN-WORDS [" + wordsSafe + "]\n"), log);
        for (int i = 0; i < EXACT.size(); i++) {
            assertTrue(log.contains("BN-EXACT " + i + " [" + EXACT.get(i) + "]\n"), "exact " + i + "\n" + log);
        }
    }

    @Test
    void kernelAndInitrdRetriesThenItsMenuBootsTheFailsafeImage() throws IOException {
        BootTarget compute = BootTarget.of("http://192.0.2.1:8080/images/compute/kernel",
                "http://192.0.2.1:8080/images/compute/initrd", "console=ttyS0");
        BootTarget failsafe = BootTarget.of("http://192.0.2.1:8080/images/failsafe/kernel",
                "http://192.0.2.1:8080/images/failsafe/initrd", "console=ttyS0");
        IpxeScript script = BootScripts.kernelAndInitrd(compute, failsafe, new BootScriptOptions(2, 0, 1000));
        // No network: every download fails at once, so the whole fallback path runs.
        String log = run(script, "failsafe/kernel");
        List<String> tried = new ArrayList<>();
        for (String line : log.split("\n")) {
            if (line.startsWith("http://192.0.2.1")) {
                tried.add(line.substring(0, line.indexOf("...")));
            }
        }
        assertEquals(List.of("http://192.0.2.1:8080/images/compute/kernel",
                "http://192.0.2.1:8080/images/compute/kernel",
                "http://192.0.2.1:8080/images/failsafe/kernel"), tried.subList(0, 3), log);
        assertTrue(log.contains("bootnode: attempt 1 of 2 failed, next in 0 s"), log);
        assertTrue(log.contains("bootnode: boot failed after 2 attempts"), log);
        assertTrue(log.contains("bootnode: booting failed"), log);
        assertTrue(log.contains("Boot the failsafe image"), log);
    }

    @Test
    void chainByMacFetchesTheNodesScriptAfterARetry() throws IOException {
        String mac = "fc:ab:14:e8:66:01";
        IpxeScript node = IpxeScript.builder()
                .command(new Echo(false, Words.of(Value.text("BN-CHAINED"), Value.of(Setting.NET0_MAC))))
                .command(Echo.of("padding padding padding padding padding"))
                .command(new Sleep(1))
                .command(new Reboot(false))
                .build();
        List<String> requests = Collections.synchronizedList(new ArrayList<>());
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        http.createContext("/", exchange -> {
            requests.add(exchange.getRequestURI().getRawPath());
            boolean known = exchange.getRequestURI().getPath().equals("/boot/" + mac + ".ipxe");
            // The first request fails, so that the script's retry runs.
            byte[] body = known && requests.size() > 1 ? node.render().getBytes(StandardCharsets.UTF_8) : new byte[0];
            exchange.sendResponseHeaders(body.length > 0 ? 200 : 404, body.length > 0 ? body.length : -1);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        http.start();
        try {
            // iPXE has no address yet under qemu (no ROM ran DHCP): configure it first. qemu's
            // user network is restricted: the only way out is the forward to our loopback server.
            List<Statement> statements = new ArrayList<>();
            statements.add(Line.of(Dhcp.any()));
            statements.addAll(BootScripts.chainByMac("http://10.0.2.100:8080/boot/", ".ipxe", new BootScriptOptions(3, 0, 1000)).statements());
            String log = run(new IpxeScript(statements), null, List.of("-netdev",
                    "user,id=n0,restrict=on,guestfwd=tcp:10.0.2.100:8080-tcp:127.0.0.1:" + http.getAddress().getPort(),
                    "-device", "e1000,netdev=n0,mac=" + mac));
            assertTrue(log.contains("bootnode: no script for " + mac + " (attempt 1 of 3)\n"), log);
            assertTrue(log.contains("BN-CHAINED " + mac + "\n"), log);
            assertTrue(!log.contains("(attempt 2 of 3)"), log);
            // iPXE percent-encodes the colons of the MAC in the request path.
            assertEquals(List.of("/boot/fc%3Aab%3A14%3Ae8%3A66%3A01.ipxe", "/boot/fc%3Aab%3A14%3Ae8%3A66%3A01.ipxe"),
                    requests);
        } finally {
            http.stop(0);
        }
    }

    private String run(IpxeScript script, String marker) throws IOException {
        return run(script, marker, List.of("-net", "none"));
    }

    /**
     * Boots iPXE with the script and waits for the marker, or with a null marker for the script
     * to reboot (qemu then exits); returns the console text without escapes.
     */
    private String run(IpxeScript script, String marker, List<String> network) throws IOException {
        Path file = dir.resolve("script.ipxe");
        Files.writeString(file, script.render());
        Path log = dir.resolve("qemu.log");
        List<String> command = new ArrayList<>(List.of("qemu-system-x86_64", "-nographic", "-no-reboot",
                "-m", "128", "-machine", "accel=tcg", "-kernel", IPXE_LKRN.toString(), "-initrd", file.toString()));
        command.addAll(network);
        try (BackgroundProcess qemu = BackgroundProcess.start(log, command)) {
            if (marker == null) {
                assertEquals(0, qemu.awaitExit(Duration.ofSeconds(45)), qemu.output());
            } else {
                qemu.awaitOutput(Duration.ofSeconds(45), text -> clean(text).contains(marker), marker);
            }
            return clean(qemu.output());
        }
    }

    /** Drops ANSI escapes and carriage returns, and undoes the console's 80-column wrap. */
    static String clean(String text) {
        return text.replaceAll("\u001b\\[[0-9;?]*[A-Za-z]", "\n").replaceAll("\u001bc", "").replace("\r", "");
    }
}
