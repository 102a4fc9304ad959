package org.bootnode.dhcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.bootnode.dhcp.internal.Inet4;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Options 119 and 121 on the wire (golden vectors from their RFCs) and option values parsed from text. */
class OptionValueTest {
    /** RFC 3397 §3's example: eng.apple.com and marketing.apple.com, the second pointing at "apple.com". */
    static final byte[] RFC3397_EXAMPLE = Golden.bytes("""
            03 656e67                 // "eng"
            05 6170706c65             // "apple"         offset 4
            03 636f6d 00              // "com", end
            09 6d61726b6574696e67     // "marketing"
            c004                      // pointer to offset 4: apple.com
            """);

    @Test
    void domainSearchIsWrittenCompressedAsInRfc3397() {
        byte[] b = OptionType.DOMAINS.write(List.of("eng.apple.com", "marketing.apple.com"));
        assertEquals(Golden.hex(RFC3397_EXAMPLE), Golden.hex(b));
        assertEquals(List.of("eng.apple.com", "marketing.apple.com"), OptionType.DOMAINS.read(RFC3397_EXAMPLE));
    }

    @Test
    void domainSearchReaderTakesUncompressedListsToo() {
        byte[] plain = Golden.bytes("""
                03 656e67 05 6170706c65 03 636f6d 00                 // eng.apple.com
                09 6d61726b6574696e67 05 6170706c65 03 636f6d 00     // marketing.apple.com, no pointer
                """);
        assertEquals(List.of("eng.apple.com", "marketing.apple.com"), OptionType.DOMAINS.read(plain));
    }

    @Test
    void domainSearchPointersMustPointBackSoNoValueLoops() {
        assertTrue(OptionType.DOMAINS.check(Golden.bytes("c000")).contains("pointer at offset 0"));   // to itself
        assertTrue(OptionType.DOMAINS.check(Golden.bytes("01 61 c003 01 62 c000")) != null);           // forward
        assertTrue(OptionType.DOMAINS.check(Golden.bytes("03 656e67")).contains("runs past the end")); // no end
        assertTrue(OptionType.DOMAINS.check(Golden.bytes("05 6170")).contains("runs past the end"));   // cut label
        assertTrue(OptionType.DOMAINS.check(Golden.bytes("00")).contains("empty name"));
        assertEquals(null, OptionType.DOMAINS.check(RFC3397_EXAMPLE));
    }

    @Test
    void domainSearchReaderNeverFailsOtherwiseOnNoise() {
        Random r = new Random(119);
        for (int i = 0; i < 20000; i++) {
            byte[] b = new byte[r.nextInt(40)];
            r.nextBytes(b);
            if (OptionType.DOMAINS.check(b) == null) {
                assertEquals(OptionType.DOMAINS.read(b), OptionType.DOMAINS.read(OptionType.DOMAINS.write(OptionType.DOMAINS.read(b)))
                        .stream().toList(), Golden.hex(b));
            }
        }
    }

    /** RFC 3442 §2's table of destination descriptors, each via router 10.0.0.1. */
    @Test
    void classlessRoutesAreWrittenWithOnlyTheSignificantOctets() {
        List<ClasslessRoute> routes = List.of(
                ClasslessRoute.parse("0.0.0.0/0 10.0.0.1"),
                ClasslessRoute.parse("10.0.0.0/8 10.0.0.1"),
                ClasslessRoute.parse("10.0.0.0/24 10.0.0.1"),
                ClasslessRoute.parse("10.17.0.0/16 10.0.0.1"),
                ClasslessRoute.parse("10.27.129.0/24 10.0.0.1"),
                ClasslessRoute.parse("10.229.0.128/25 via 10.0.0.1"),
                ClasslessRoute.parse("10.198.122.47/32 10.0.0.1"));
        byte[] golden = Golden.bytes("""
                00                0a000001   // 0
                08 0a             0a000001   // 8.10
                18 0a0000         0a000001   // 24.10.0.0
                10 0a11           0a000001   // 16.10.17
                18 0a1b81         0a000001   // 24.10.27.129
                19 0ae50080       0a000001   // 25.10.229.0.128
                20 0ac67a2f       0a000001   // 32.10.198.122.47
                """);
        assertEquals(Golden.hex(golden), Golden.hex(OptionType.ROUTES.write(routes)));
        assertEquals(routes, OptionType.ROUTES.read(golden));
    }

    @Test
    void classlessRoutesReaderNeverFailsOtherwiseOnNoiseAndRoundTrips() {
        Random r = new Random(121);
        int valid = 0;
        for (int i = 0; i < 20000; i++) {
            byte[] b = new byte[r.nextInt(24)];
            r.nextBytes(b);
            if (r.nextBoolean() && b.length > 0) {
                b[0] = (byte) r.nextInt(33); // a plausible width now and then
            }
            if (OptionType.ROUTES.check(b) == null) {
                valid++;
                List<ClasslessRoute> routes = OptionType.ROUTES.read(b);
                assertEquals(routes, OptionType.ROUTES.read(OptionType.ROUTES.write(routes)), Golden.hex(b));
            }
        }
        assertTrue(valid > 100, "valid values seen: " + valid);
    }

    @Test
    void classlessRoutesOfBadLengthOrWidthAreRefused() {
        assertTrue(OptionType.ROUTES.check(Golden.bytes("21 0a000000 0a000001")).contains("prefix 33"));
        assertTrue(OptionType.ROUTES.check(Golden.bytes("18 0a0000 0a0000")).contains("runs past the end"));
        assertTrue(OptionType.ROUTES.check(new byte[0]) != null);
        assertEquals(ClasslessRoute.parse("10.9.0.0/16 10.1.0.1"), ClasslessRoute.parse("10.9.255.255/16 10.1.0.1"),
                "host bits are cleared");
    }

    @Test
    void knownOptionsParseInTheirOwnType() {
        assertEquals(9000, DhcpOptions.builder().put(OptionValue.parse("mtu", "9000")).build().get(OptionKey.MTU).orElseThrow());
        assertEquals(List.of(Inet4.parse("10.0.0.1"), Inet4.parse("10.0.0.2")), DhcpOptions.builder()
                .put(OptionValue.parse("ntp-servers", "10.0.0.1, 10.0.0.2")).build().get(OptionKey.NTP_SERVERS).orElseThrow());
        assertArrayEquals(RFC3397_EXAMPLE, OptionValue.parse("119", "eng.apple.com, marketing.apple.com").bytes());
        assertEquals(List.of(ClasslessRoute.parse("10.9.0.0/16 10.1.0.1"), ClasslessRoute.parse("0.0.0.0/0 10.1.0.1")),
                DhcpOptions.builder().put(OptionValue.parse("static-routes", "10.9.0.0/16 10.1.0.1, 0.0.0.0/0 10.1.0.1"))
                        .build().get(OptionKey.CLASSLESS_STATIC_ROUTES).orElseThrow());
        assertEquals(OptionValue.parse(26, "u16", "1500"), OptionValue.parse("26", "1500"));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = '|', value = {
            "252 | string | http://10.0.0.1/wpad.dat | 687474703a2f2f31302e302e302e312f777061642e646174",
            "224 | ip     | 10.0.0.7                 | 0a000007",
            "225 | ips    | 10.0.0.7 10.0.0.8        | 0a0000070a000008",
            "226 | u8     | 255                      | ff",
            "227 | u16    | 65535                    | ffff",
            "228 | u32    | 4294967295               | ffffffff",
            "229 | hex    | 01:02:ab                 | 0102ab",
            "230 | bool   | true                     | 01",
            "231 | bool   | false                    | 00",
    })
    void anyOptionByNumberTakesATypedValue(int code, String type, String text, String hex) {
        OptionValue v = OptionValue.parse(code, type, text);
        assertEquals(code, v.code());
        assertEquals(hex, Golden.hex(v.bytes()));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = '|', value = {
            "26  | u16     | 70000        | option 26: 70000 (expected: u16 68..65535)",
            "26  | u16     | 67           | option 26: 67 (expected: u16 68..65535)",
            "26  | string  | 9000         | option 26: type string (expected: u16)",
            "240 | u8      | 256          | option 240: 256 (expected: u8 0..255)",
            "240 | u8      | x            | option 240: x (expected: u8 0..255)",
            "240 | ip      | 10.0.0       | option 240: 10.0.0 (expected: ip, e.g. 10.0.0.1)",
            "240 | hex     | 0g           | option 240: 0g (expected: hex, e.g. 01:02:ab)",
            "240 | bool    | maybe        | option 240: maybe (expected: bool, true or false)",
            "240 | float   | 1.5          | option 240: type float (expected: one of bool, domains, hex, ip, ips, routes, string, u16, u32, u8)",
            "240 | string  | ''           | option 240:  (expected: string, not empty)",
            "53  | u8      | 1            | option 53: set by the server (expected: an option the server does not set itself)",
            "82  | hex     | 0102         | option 82: set by the server (expected: an option the server does not set itself)",
            "119 | domains | a..b         | option 119: a..b (expected: domains, e.g. cluster.local, example.org)",
            "121 | routes  | 10.0.0.0/33 10.0.0.1 | option 121: 10.0.0.0/33 10.0.0.1 (expected: routes, e.g. 10.9.0.0/16 10.1.0.1, 0.0.0.0/0 10.1.0.1)",
    })
    void badValuesAreRefusedNamingTheOptionAndWhatIsExpected(int code, String type, String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OptionValue.parse(code, type, text));
        assertEquals(message, e.getMessage());
    }

    @Test
    void unknownNamesAndUntypedUnknownCodesAreRefused() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OptionValue.parse("mtu-size", "1500")).getMessage()
                .startsWith("option mtu-size: unknown (expected: a code 1..254 or one of "));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OptionValue.parse("240", "x")).getMessage()
                .startsWith("option 240: no type known"));
    }
}
