package org.bootnode.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** node set writes back what it did not change: the node's own values, not what it inherits. */
class NodeInputsTest {
    static Map<String, Object> setting(String key, String value, String from) {
        return Map.of("key", key, "value", value, "from", from);
    }

    static Map<String, Object> node(List<Map<String, Object>> settings) {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("name", "node-000");
        n.put("mac", "fc:ab:14:e8:66:01");
        n.put("ip", "10.0.0.10");
        n.put("group", "compute");
        n.put("image", "compute");
        n.put("settings", settings);
        return n;
    }

    @Test
    void keepsTheNodesOwnValuesOnly() throws Exception {
        Map<String, Object> input = NodeInputs.of(node(List.of(
                setting("image", "compute", "group compute"),
                setting("cmdline", "console=ttyS0", "image compute"),
                setting("cmdline", "quiet", "node"),
                setting("boot-file uefi-x64", "snponly.efi", "node"),
                setting("boot-file bios", "undionly.kpxe", "default"))));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("name", "node-000");
        expected.put("mac", "fc:ab:14:e8:66:01");
        expected.put("ip", "10.0.0.10");
        expected.put("group", "compute");
        expected.put("cmdline", "quiet");
        expected.put("boot-files", Map.of("uefi-x64", "snponly.efi"));
        assertEquals(expected, input);
    }

    @Test
    void anImageOfItsOwnIsKept() throws Exception {
        Map<String, Object> n = node(List.of(setting("image", "failsafe", "node")));
        n.put("image", "failsafe");
        assertEquals("failsafe", NodeInputs.of(n).get("image"));
        assertEquals(null, NodeInputs.of(node(List.of(setting("image", "compute", "group compute")))).get("image"));
    }

    @Test
    void optionsOfItsOwnCannotBeCarriedOverAndAreNotDropped() {
        ApiClient.Failure e = assertThrows(ApiClient.Failure.class,
                () -> NodeInputs.of(node(List.of(setting("option 26 interface-mtu", "9000", "node")))));
        assertEquals("node node-000 sets its own option 26 interface-mtu: node set cannot carry that over;"
                + " change the node in its node file, then SIGHUP", e.getMessage());
    }

    @Test
    void theApisOwnInputWinsWhenGiven() throws Exception {
        Map<String, Object> n = node(List.of(setting("option 26 interface-mtu", "9000", "node")));
        n.put("input", Map.of("name", "node-000", "mac", "fc:ab:14:e8:66:01", "options", Map.of("mtu", 9000)));
        assertEquals(Map.of("name", "node-000", "mac", "fc:ab:14:e8:66:01", "options", Map.of("mtu", 9000)), NodeInputs.of(n));
    }
}
