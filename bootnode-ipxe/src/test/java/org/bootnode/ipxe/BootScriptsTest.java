package org.bootnode.ipxe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BootScriptsTest {

    static final BootTarget COMPUTE = BootTarget.of("http://10.0.0.1:8080/images/compute/kernel",
            "http://10.0.0.1:8080/images/compute/initrd", "console=ttyS0");
    static final BootTarget FAILSAFE = BootTarget.of("http://10.0.0.1:8080/images/failsafe/kernel",
            "http://10.0.0.1:8080/images/failsafe/initrd", "console=ttyS0 panic=10");

    private static String golden(String name) throws IOException {
        try (InputStream in = BootScriptsTest.class.getResourceAsStream("/golden/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void kernelAndInitrdMatchesItsGoldenScript() throws IOException, IpxeParseException {
        IpxeScript script = BootScripts.kernelAndInitrd(COMPUTE, FAILSAFE);
        assertEquals(golden("kernel-and-initrd.ipxe"), script.render());
        assertEquals(List.of(), script.lint());
        assertEquals(script, IpxeScript.parse(script.render()));
    }

    @Test
    void chainByMacMatchesItsGoldenScript() throws IOException, IpxeParseException {
        IpxeScript script = BootScripts.chainByMac("http://10.0.0.1:8080/boot/", ".ipxe");
        assertEquals(golden("chain-by-mac.ipxe"), script.render());
        assertEquals(List.of(), script.lint());
        assertEquals(script, IpxeScript.parse(script.render()));
    }

    @Test
    void theKernelAlwaysNamesItsInitrd() {
        String text = BootScripts.kernelAndInitrd(COMPUTE.withInitrdName("compute.img"), FAILSAFE).render();
        assertTrue(text.contains("initrd=compute.img console=ttyS0 ||"), text);
        assertTrue(text.contains("initrd --name compute.img http://10.0.0.1:8080/images/compute/initrd"), text);
    }

    @Test
    void aSecondInitrdIsFetchedAfterTheFirstAndNamedOnTheKernelLine() throws IpxeParseException {
        BootTarget withOverlay = COMPUTE.withInitrd("http://10.0.0.1:8080/nodes/fc:ab:14:e8:66:01/overlay", "overlay.img");
        IpxeScript script = BootScripts.kernelAndInitrd(withOverlay, FAILSAFE);
        String text = script.render();
        assertTrue(text.contains("initrd=initrd.img initrd=overlay.img console=ttyS0 ||"), text);
        int first = text.indexOf("initrd --name initrd.img http://10.0.0.1:8080/images/compute/initrd || goto failed1");
        int second = text.indexOf("initrd --name overlay.img http://10.0.0.1:8080/nodes/fc:ab:14:e8:66:01/overlay || goto failed1");
        assertTrue(first > 0 && second > first, text);
        assertEquals(List.of(), script.lint());
        assertEquals(script, IpxeScript.parse(text));
        assertThrows(IllegalArgumentException.class, () -> withOverlay.withInitrd("http://x/y", "overlay.img"));
        assertThrows(IllegalArgumentException.class, () -> COMPUTE.withInitrd("http://x/${ip}", "o.img"));
    }

    @Test
    void oneAttemptGoesStraightToTheMenu() {
        IpxeScript script = BootScripts.kernelAndInitrd(COMPUTE, FAILSAFE, BootScriptOptions.DEFAULTS.withAttempts(1));
        assertEquals(List.of(), script.lint());
        assertTrue(!script.render().contains("attempt2"));
    }

    @Test
    void valuesIpxeCouldNotReadBackAreRefusedNamingThePart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BootTarget.of("http://x/k", "http://x/i", "console=ttyS0  quiet"));
        assertTrue(e.getMessage().startsWith("cmdline: "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BootTarget.of("http://x/k k", "http://x/i", ""));
        assertTrue(e.getMessage().startsWith("kernel URL: "), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BootScriptOptions(0, 1, 1));
    }

    @Test
    void chainByMacPutsTheMacBetweenPrefixAndSuffix() {
        String text = BootScripts.chainByMac("http://10.0.0.1:8080/nodes/", "/boot.ipxe").render();
        assertTrue(text.contains("chain http://10.0.0.1:8080/nodes/${net0/mac}/boot.ipxe || goto failed1\n"), text);
        text = BootScripts.chainByMac("HTTPS://boot.example/n/", "").render();
        assertTrue(text.contains("chain HTTPS://boot.example/n/${net0/mac} || goto failed1\n"), text);
    }

    @Test
    void chainByMacRefusesUrlPartsNamingThePart() {
        assertEquals("urlPrefix: \"10.0.0.1:8080/nodes/\" (expected: an http:// or https:// URL with a host,"
                        + " e.g. http://10.0.0.1:8080/nodes/)",
                assertThrows(IllegalArgumentException.class,
                        () -> BootScripts.chainByMac("10.0.0.1:8080/nodes/", "/boot.ipxe")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> BootScripts.chainByMac("http://", "/boot.ipxe"));
        assertThrows(IllegalArgumentException.class, () -> BootScripts.chainByMac("http:///nodes/", ""));
        assertThrows(IllegalArgumentException.class, () -> BootScripts.chainByMac("tftp://h/", ""));
        assertEquals("urlPrefix: \"http://bad host/\" contains a space at index 10"
                        + " (expected: a URL part without whitespace)",
                assertThrows(IllegalArgumentException.class,
                        () -> BootScripts.chainByMac("http://bad host/", "")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> BootScripts.chainByMac("http://h/", "/boot\n.ipxe")).getMessage().startsWith("urlSuffix: "));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> BootScripts.chainByMac("http://h/${x}/", "")).getMessage().startsWith("urlPrefix: "));
        assertThrows(IllegalArgumentException.class, () -> BootScripts.chainByMac("http://h/$", ""));
        assertThrows(IllegalArgumentException.class, () -> BootScripts.chainByMac("http://h/", "{x}"));
        assertThrows(NullPointerException.class, () -> BootScripts.chainByMac("http://h/", null));
    }
}
