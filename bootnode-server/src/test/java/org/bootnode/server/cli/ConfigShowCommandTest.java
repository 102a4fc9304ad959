package org.bootnode.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.bootnode.server.api.Json;
import org.junit.jupiter.api.Test;

/** {@code config show} and {@code ipxe render} on racks.yaml: a group's and a node's settings, and where each came from. */
class ConfigShowCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return BootnodeCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private static String racks() {
        try {
            return Path.of(ConfigShowCommandTest.class.getResource("/config/racks.yaml").toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void showNamesWhereEachSettingCameFrom() {
        assertEquals(0, run("config", "show", "--config", racks(), "--node", "node-001"), err::toString);
        List<String> lines = out.toString().lines().toList();
        for (String expected : List.of(
                "node: node-001 (node)",
                "ip: 10.2.0.11 (node)",
                "router: 10.2.0.1 (subnet rack2)",
                "group: compute (node)",
                "image: failsafe (node)",
                "cmdline: console=ttyS0 (image failsafe)",
                "cmdline: nohz_full=2-63 (group compute)",
                "cmdline: quiet (node)",
                "option 26 interface-mtu: 1500 (node)",
                "option 42 ntp-servers: 10.0.0.2 (group compute)",
                "option 119 domain-search: cluster.local, rack1.cluster (dhcp.options)",
                "option 224: 01:02:03 (node)",
                "boot-file bios: compute.kpxe (group compute)",
                "boot-file uefi-x64: node.efi (node)",
                "boot-file uefi-arm64: snponly-arm64.efi (boot-files)")) {
            assertTrue(lines.contains(expected), () -> "missing '" + expected + "' in\n" + out);
        }
    }

    @Test
    void showOfANodeThatTakesItsGroupsImageAndTheDefaults() {
        assertEquals(0, run("config", "show", "--config", racks(), "--node", "node-000"), err::toString);
        List<String> lines = out.toString().lines().toList();
        for (String expected : List.of(
                "image: compute (group compute)",
                "option 26 interface-mtu: 9000 (group compute)",
                "option 42 ntp-servers: 10.0.0.2 (group compute)",
                "lease-time: 3600s (subnet rack1)",
                "boot-file uefi-x64: ipxe.efi (default)")) {
            assertTrue(lines.contains(expected), () -> "missing '" + expected + "' in\n" + out);
        }
    }

    @Test
    void showAsJson() throws Exception {
        assertEquals(0, run("config", "show", "--config", racks(), "--node", "node-000", "--json"), err::toString);
        Object parsed = Json.parse(out.toString().strip());
        assertTrue(parsed instanceof List<?> list && !list.isEmpty(), out::toString);
        assertTrue(out.toString().contains("{\"key\":\"image\",\"value\":\"compute\",\"source\":\"group compute\"}"), out::toString);
    }

    @Test
    void showOfAnUnknownNodeExitsOne() {
        assertEquals(1, run("config", "show", "--config", racks(), "--node", "node-999"));
        assertTrue(err.toString().contains("no node is named node-999"), err::toString);
    }

    @Test
    void renderAddsTheGroupsAndTheNodesKernelArgumentsAfterTheImages() {
        assertEquals(0, run("ipxe", "render", "--config", racks(), "--mac", "fc:ab:14:e8:66:02"), err::toString);
        assertTrue(out.toString().contains("console=ttyS0 nohz_full=2-63 quiet bootnode.booted="), out::toString);
        out.getBuffer().setLength(0);
        assertEquals(0, run("ipxe", "render", "--config", racks(), "--mac", "fc:ab:14:e8:66:01"), err::toString);
        assertTrue(out.toString().contains("console=ttyS0 nohz_full=2-63 bootnode.booted="), out::toString);
    }
}
