package org.bootnode.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import org.bootnode.dhcp.MacAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpRouteTest {
    static final MacAddress MAC = MacAddress.parse("fc:ab:14:e8:66:01");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "/nodes/fc:ab:14:e8:66:01/boot.ipxe           | script",
        "/nodes/FC-AB-14-E8-66-01/boot.ipxe           | script",
        "/nodes/fc%3Aab%3A14%3Ae8%3A66%3A01/boot.ipxe | script",
        "/nodes/fc:ab:14:e8:66:01/boot.ipxe?x=1       | script",
        "/boot/fc:ab:14:e8:66:01.ipxe                 | script",
        "/boot/FC-AB-14-E8-66-01.ipxe                 | script",
        "/boot/fc%3aab%3a14%3ae8%3a66%3a01.ipxe       | script",
        "/boot/fc:ab:14:e8:66.ipxe                    | none",
        "/boot/.ipxe                                  | none",
        "/nodes/fc:ab:14:e8:66/boot.ipxe              | none",
        "/nodes/fc:ab:14:e8:66:01                     | none",
        "/nodes/fc:ab:14:e8:66:01/                    | none",
        "/nodes/fc:ab:14:e8:66:01/kernel              | node kernel",
        "/nodes/fc-ab-14-e8-66-01/initrd              | node initrd",
        "/nodes/fc:ab:14:e8:66:01/initrd/             | none",
        "/nodes/fc:ab:14:e8:66:01/vmlinuz             | none",
        "/nodes/fc:ab:14:e8:66:01/images/failsafe/kernel | node kernel failsafe",
        "/nodes/fc:ab:14:e8:66:01/images/failsafe/initrd | node initrd failsafe",
        "/nodes/fc:ab:14:e8:66:01/images/../kernel    | none",
        "/nodes/fc:ab:14:e8:66:01/images/x/y/kernel   | none",
        "/nodes/fc:ab:14:e8:66:01/booted              | booted",
        "/api/nodes/fc-ab-14-e8-66-01/booted          | none",
        "/api/nodes/zz/booted                         | none",
        "/boot.ipxe                                   | generic",
        "/images/compute/kernel                       | kernel compute",
        "/images/compute/initrd                       | initrd compute",
        "/images/compute/initrd/                      | none",
        "/images/../kernel                            | none",
        "/images/compute/vmlinuz                      | none",
        "/tftp/undionly.kpxe                          | tftp undionly.kpxe",
        "/tftp/%2e%2e/x                               | tftp ../x",
        "/tftp/a%20b                                  | tftp a b",
        "/tftp/%zz                                    | none",
        "/tftp/%c0%ae                                 | none",
        "/tftp/                                       | none",
        "/api/nodes                                   | none",
        "/metrics                                     | none",
        "http://10.0.0.1:8080/boot.ipxe               | generic",
        "HTTP://10.0.0.1:8080/tftp/a.efi              | tftp a.efi",
        "http://10.0.0.1:8080                         | none",
        "/nodes/fc-ab-14-e8-66-01/overlay             | overlay",
        "/nodes/fc:ab:14:e8:66:01/overlay/x           | none",
        "/                                            | none",
        "*                                            | none",
    })
    void table(String uri, String expected) {
        Optional<HttpRoute> parsed = HttpRoute.parse(uri);
        String actual = parsed.isEmpty() ? "none" : describe(parsed.get());
        assertEquals(expected, actual);
    }

    private static String describe(HttpRoute route) {
        Function<MacAddress, String> mac = m -> m.equals(MAC) ? "" : "other mac ";
        if (route instanceof HttpRoute.NodeScript s) {
            return mac.apply(s.mac()) + "script";
        } else if (route instanceof HttpRoute.NodeFile f) {
            return mac.apply(f.mac()) + "node " + f.part().segment();
        } else if (route instanceof HttpRoute.NodeImageFile f) {
            return mac.apply(f.mac()) + "node " + f.part().segment() + " " + f.image();
        } else if (route instanceof HttpRoute.Booted b) {
            return mac.apply(b.mac()) + "booted";
        } else if (route instanceof HttpRoute.NodeOverlay o) {
            return mac.apply(o.mac()) + "overlay";
        } else if (route instanceof HttpRoute.GenericScript) {
            return "generic";
        } else if (route instanceof HttpRoute.ImageFile f) {
            return f.part().segment() + " " + f.image();
        } else {
            return "tftp " + ((HttpRoute.TftpFile) route).file();
        }
    }

    @Test
    void writesTheSchemeOfTheDocs() {
        assertEquals("/nodes/fc:ab:14:e8:66:01/boot.ipxe", new HttpRoute.NodeScript(MAC).path());
        assertEquals("/nodes/fc:ab:14:e8:66:01/kernel", new HttpRoute.NodeFile(MAC, HttpRoute.Part.KERNEL).path());
        assertEquals("/nodes/fc:ab:14:e8:66:01/images/failsafe/initrd",
                new HttpRoute.NodeImageFile(MAC, "failsafe", HttpRoute.Part.INITRD).path());
        assertEquals("/nodes/fc:ab:14:e8:66:01/booted", new HttpRoute.Booted(MAC).path());
        assertEquals("/nodes/fc:ab:14:e8:66:01/overlay", new HttpRoute.NodeOverlay(MAC).path());
        assertEquals("/tftp/sub/a%20b%25.efi", new HttpRoute.TftpFile("sub/a b%.efi").path());
        assertEquals("http://10.0.0.1:8080/nodes/fc:ab:14:e8:66:01/boot.ipxe",
                new BootUrls("10.0.0.1", 8080).nodeScriptPrefix() + MAC + new BootUrls("10.0.0.1", 8080).nodeScriptSuffix());
    }

    @Test
    void aRouteCannotBeMadeThatItsPathWouldNotReadBack() {
        assertThrows(IllegalArgumentException.class, () -> new HttpRoute.ImageFile("../x", HttpRoute.Part.KERNEL));
        assertThrows(IllegalArgumentException.class, () -> new HttpRoute.NodeScript(MacAddress.parse("01:02")));
        assertThrows(IllegalArgumentException.class, () -> new HttpRoute.TftpFile(""));
    }

    @Test
    void plainAsciiDecodesToItselfWithoutACopy() {
        String mac = "fc:ab:14:e8:66:01";
        assertSame(mac, UriText.decode(mac));
        assertEquals("a b%", UriText.decode("a%20b%25"));
        assertThrows(IllegalArgumentException.class, () -> UriText.decode("caf\u00e9"));
        assertThrows(IllegalArgumentException.class, () -> UriText.decode("a%2"));
    }

    /** parse(write(r)) == r over random routes of every kind. */
    @Test
    void everyWrittenRouteReadsBackAsItself() {
        Random random = new Random(17);
        for (int i = 0; i < 20_000; i++) {
            HttpRoute route = randomRoute(random);
            assertEquals(Optional.of(route), HttpRoute.parse(route.path()), route.path());
            assertEquals(Optional.of(route), HttpRoute.parse("http://10.0.0.1:8080" + route.path() + "?q"), route.path());
            assertTrue(route.path().chars().allMatch(c -> c > 0x20 && c < 0x7f), route.path());
        }
    }

    private static HttpRoute randomRoute(Random r) {
        byte[] b = new byte[6];
        r.nextBytes(b);
        MacAddress mac = MacAddress.of(b);
        HttpRoute.Part part = HttpRoute.Part.values()[r.nextInt(2)];
        return switch (r.nextInt(8)) {
            case 0 -> new HttpRoute.NodeScript(mac);
            case 1 -> new HttpRoute.NodeFile(mac, part);
            case 2 -> new HttpRoute.NodeImageFile(mac, name(r), part);
            case 3 -> new HttpRoute.Booted(mac);
            case 4 -> new HttpRoute.GenericScript();
            case 5 -> new HttpRoute.ImageFile(name(r), part);
            case 6 -> new HttpRoute.TftpFile(text(r));
            default -> new HttpRoute.NodeOverlay(mac);
        };
    }

    private static String name(Random r) {
        String first = "abcXYZ019";
        String rest = "abcXYZ019._-";
        StringBuilder s = new StringBuilder().append(first.charAt(r.nextInt(first.length())));
        for (int i = r.nextInt(63); i > 0; i--) {
            s.append(rest.charAt(r.nextInt(rest.length())));
        }
        return s.toString();
    }

    /** Any text: ASCII, separators, escapes, and code points from every plane (no lone surrogates). */
    private static String text(Random r) {
        StringBuilder s = new StringBuilder();
        for (int i = 1 + r.nextInt(20); i > 0; i--) {
            int kind = r.nextInt(4);
            int cp = switch (kind) {
                case 0 -> 0x20 + r.nextInt(0x5f);
                case 1 -> "/%?#.\\".charAt(r.nextInt(6));
                case 2 -> r.nextInt(0x20);
                default -> r.nextInt(0x10ffff);
            };
            if (cp >= 0xd800 && cp <= 0xdfff) {
                cp = 'x';
            }
            s.appendCodePoint(cp);
        }
        return s.toString();
    }
}
