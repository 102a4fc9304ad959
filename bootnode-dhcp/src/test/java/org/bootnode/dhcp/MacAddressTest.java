package org.bootnode.dhcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class MacAddressTest {
    @Test
    void aVendorsSequentialMacsHashApart() {
        Set<Integer> hashes = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            hashes.add(MacAddress.of(new byte[] {(byte) 0xfc, (byte) 0xab, 0x14, (byte) (i >> 16), (byte) (i >> 8), (byte) i}).hashCode());
        }
        // Arrays.hashCode gave these 1,434 distinct values (31 * b4 + b5 repeats), and Map.copyOf probed long runs.
        assertEquals(10_000, hashes.size(), 10_000 - hashes.size() + " collisions");
    }

    @Test
    void colonAndDashFormsInAnyCaseAreTheSameAddress() {
        MacAddress mac = MacAddress.parse("fc:ab:14:e8:66:01");
        assertEquals(mac, MacAddress.parse("FC:AB:14:E8:66:01"));
        assertEquals(mac, MacAddress.parse("fc-ab-14-e8-66-01"));
        assertEquals(mac, MacAddress.parseEthernet("Fc-aB-14-E8-66-01"));
        assertEquals("fc:ab:14:e8:66:01", MacAddress.parse("FC-AB-14-E8-66-01").toString());
    }

    @Test
    void chaddrOfOtherLengthsParsesButIsNoEthernetAddress() {
        assertEquals(1, MacAddress.parse("0a").length());
        assertEquals(16, MacAddress.parse("00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff").length());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MacAddress.parseEthernet("fc:ab:14:e8:66"));
        assertEquals("mac: fc:ab:14:e8:66 (expected: six hex pairs like fc:ab:14:e8:66:01)", e.getMessage());
    }

    @Test
    void malformedAddressesAreRejected() {
        for (String bad : List.of("", "f", "fc:ab-14:e8:66:01", "fc:ab:14:e8:66:0g", "fcab14e86601", " fc:ab:14:e8:66:01",
                "fc:ab:14:e8:66:01 ", "fc.ab.14.e8.66.01", "fc::ab", "fc:ab:", "\u0663\u0663:ab",
                "00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff:00")) {
            assertThrows(IllegalArgumentException.class, () -> MacAddress.parse(bad), bad);
        }
        for (String bad : List.of("fc:ab:14:e8:66", "fc:ab:14:e8:66:01:02", "fc:ab:14:e8:66:01\n")) {
            assertThrows(IllegalArgumentException.class, () -> MacAddress.parseEthernet(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> MacAddress.of(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> MacAddress.of(new byte[17]));
    }

    @Property
    void printThenParseIsIdentity(@ForAll @Size(min = 1, max = 16) byte[] bytes) {
        MacAddress mac = MacAddress.of(bytes);
        assertEquals(mac, MacAddress.parse(mac.toString()));
        assertEquals(mac, MacAddress.parse(mac.toString().replace(':', '-').toUpperCase(Locale.ROOT)));
    }

    @Property
    void parseNeverThrowsAnythingButIllegalArgument(@ForAll String text) {
        try {
            MacAddress.parse(text);
        } catch (IllegalArgumentException expected) {
            // a worded rejection is the only allowed failure
        }
        try {
            MacAddress.parseEthernet(text);
        } catch (IllegalArgumentException expected) {
            // the same
        }
    }

    @Test
    void clientIdsParseStrictlyAndPrintAsColonHex() {
        assertEquals("01:fc:ab:14:e8:66:01", ClientId.parse("01:FC:ab:14:e8:66:01").toString());
        for (String bad : List.of("", "01:", "1:02", "01-02", "\u0663\u0663")) {
            assertThrows(IllegalArgumentException.class, () -> ClientId.parse(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> ClientId.of(new byte[256]));
    }
}
