package org.bootnode.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class MacAddressTest {
    @Test
    void colonAndDashFormsInAnyCaseAreTheSameAddress() {
        MacAddress mac = MacAddress.parse("fc:ab:14:e8:66:01");
        assertEquals(mac, MacAddress.parse("FC:AB:14:E8:66:01"));
        assertEquals(mac, MacAddress.parse("fc-ab-14-e8-66-01"));
        assertEquals("fc:ab:14:e8:66:01", MacAddress.parse("FC-AB-14-E8-66-01").toString());
        assertEquals("fc-ab-14-e8-66-01", mac.toDashString());
    }

    @Test
    void malformedAddressesAreRejected() {
        for (String bad : List.of("", "fc:ab:14:e8:66", "fc:ab:14:e8:66:01:02", "fc:ab-14:e8:66:01",
                "fc:ab:14:e8:66:0g", "fcab14e86601", " fc:ab:14:e8:66:01", "fc.ab.14.e8.66.01")) {
            assertThrows(IllegalArgumentException.class, () -> MacAddress.parse(bad), bad);
        }
    }

    @Property
    void printThenParseIsIdentity(@ForAll @Size(6) byte[] bytes) {
        MacAddress mac = MacAddress.of(bytes);
        assertEquals(mac, MacAddress.parse(mac.toString()));
        assertEquals(mac, MacAddress.parse(mac.toDashString()));
    }

    @Property
    void parseNeverThrowsAnythingButIllegalArgument(@ForAll String text) {
        try {
            MacAddress.parse(text);
        } catch (IllegalArgumentException expected) {
            // a worded rejection is the only allowed failure
        }
    }
}
