package org.bootnode.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ConfigReader#readWithStored}: nodes a store gives are checked by the node files' rules, problems naming them. */
class StoredNodesReaderTest {
    static final Path ORIGIN = Path.of("postgresql:nodes");

    @TempDir Path dir;

    Path main() throws Exception {
        Files.writeString(dir.resolve("vmlinuz"), "k");
        Files.writeString(dir.resolve("initrd.img"), "i");
        return Files.writeString(dir.resolve("bootnode.yaml"), """
                server: { address: 10.0.0.1 }
                dhcp: { subnet: 10.0.0.0/24 }
                images:
                  compute: { kernel: vmlinuz, initrd: initrd.img }
                nodes:
                  node-000: { mac: "fc:ab:14:e8:66:01", ip: 10.0.0.10, image: compute }
                """);
    }

    static Map<Path, String> stored(String name, Map<String, Object> fields) {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put(name, fields);
        return Map.of(ORIGIN.resolve(name), FileNodeStore.render(one));
    }

    @Test
    void aStoredNodeIsReadWithItsOrigin() throws Exception {
        BootConfig c = ConfigReader.readWithStored(main(), stored("node-001",
                Map.of("mac", "fc:ab:14:e8:66:02", "ip", "10.0.0.11", "image", "compute")));
        assertEquals("10.0.0.11", c.nodes().get("node-001").ip().getHostAddress());
        assertEquals(ORIGIN.resolve("node-001"), c.nodeOrigin("node-001").orElseThrow());
        assertEquals(Path.of("bootnode.yaml"), c.nodeOrigin("node-000").orElseThrow().getFileName());
    }

    @Test
    void aStoredNodeOutsideEverySubnetOrOnAnotherNodesAddressIsAProblemNamingIt() throws Exception {
        Path main = main();
        ConfigException outside = assertThrows(ConfigException.class, () -> ConfigReader.readWithStored(main, stored("node-001",
                Map.of("mac", "fc:ab:14:e8:66:02", "ip", "192.168.9.9", "image", "compute"))));
        ConfigProblem p = outside.problems().get(0);
        assertEquals(ORIGIN.resolve("node-001"), p.file());
        assertTrue(p.message().startsWith("nodes.node-001.ip") && p.message().contains("192.168.9.9"), p.message());

        ConfigException taken = assertThrows(ConfigException.class, () -> ConfigReader.readWithStored(main, stored("node-002",
                Map.of("mac", "fc:ab:14:e8:66:03", "ip", "10.0.0.10", "image", "compute"))));
        assertEquals(ORIGIN.resolve("node-002"), taken.problems().get(0).file());
        assertTrue(taken.problems().get(0).message().contains("node-000"), taken.problems().get(0).message());
    }
}
