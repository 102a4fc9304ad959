package org.bootnode.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** node-files: read with the main file, by its rules, problems as FILE:LINE; written atomically. */
class NodeFilesTest {
    @TempDir Path dir;

    private Path main(String nodeFiles) throws Exception {
        Files.writeString(dir.resolve("vmlinuz"), "k");
        Files.writeString(dir.resolve("initrd"), "i");
        Path main = dir.resolve("bootnode.yaml");
        Files.writeString(main, """
                server: {address: 10.0.0.1, data-dir: data}
                dhcp: {subnet: 10.0.0.0/24}
                images:
                  compute: {kernel: vmlinuz, initrd: initrd}
                nodes:
                  node-000: {mac: fc:ab:14:e8:66:01, ip: 10.0.0.10, image: compute}
                node-files: %s
                """.formatted(nodeFiles));
        return main;
    }

    @BeforeEach
    void folder() throws Exception {
        Files.createDirectories(dir.resolve("nodes.d"));
    }

    @Test
    void nodesOfEveryYamlFileInTheFolderAreReadWithWhereTheyCameFrom() throws Exception {
        Path main = main("nodes.d");
        Files.writeString(dir.resolve("nodes.d/b.yaml"), "nodes:\n  node-002: {mac: fc:ab:14:e8:66:03, image: compute}\n");
        Files.writeString(dir.resolve("nodes.d/a.yaml"), "# rack a\nnodes:\n  node-001: {mac: fc:ab:14:e8:66:02, image: compute}\n");
        Files.writeString(dir.resolve("nodes.d/notes.txt"), "not read");
        Files.writeString(dir.resolve("nodes.d/.node-009.yaml.tmp-1"), "not read");
        BootConfig c = ConfigReader.read(main);
        assertEquals(List.of("node-000", "node-001", "node-002"), List.copyOf(c.nodes().keySet()));
        assertEquals(main, c.nodeOrigin("node-000").orElseThrow());
        assertEquals(dir.resolve("nodes.d/a.yaml"), c.nodeOrigin("node-001").orElseThrow());
        assertEquals(dir.resolve("nodes.d"), c.nodeFiles().orElseThrow());
    }

    @Test
    void problemsInANodeFileAreThatFilesLinesAndDuplicatesAcrossFilesNameTheOther() throws Exception {
        Path main = main("nodes.d");
        Files.writeString(dir.resolve("nodes.d/a.yaml"), """
                nodes:
                  node-001:
                    mac: fc:ab:14:e8:66:01
                    ip: 10.0.9.1
                    image: compute
                  node-000: {mac: fc:ab:14:e8:66:05, image: compute}
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigReader.read(main));
        Path a = dir.resolve("nodes.d/a.yaml");
        assertEquals(List.of(
                new ConfigProblem(a, 3, "nodes.node-001.mac: fc:ab:14:e8:66:01 is already used by node-000 (" + main + ":6)"),
                new ConfigProblem(a, 4, "nodes.node-001.ip: 10.0.9.1 is outside the dhcp subnet 10.0.0.0/24"),
                new ConfigProblem(a, 6, "node node-000 is already defined (" + main + ":6)")), e.problems());
    }

    @Test
    void aChangeIsCheckedFromTextBeforeItIsWritten() throws Exception {
        Path main = main("nodes.d");
        Path f = dir.resolve("nodes.d/node-001.yaml");
        Map<Path, String> change = new HashMap<>();
        change.put(f, "nodes:\n  node-001: {mac: fc:ab:14:e8:66:02, image: compute}\n");
        assertTrue(ConfigReader.read(main, change).nodes().containsKey("node-001"));
        assertTrue(Files.notExists(f), "nothing written");
        Files.writeString(f, "nodes:\n  node-001: {mac: fc:ab:14:e8:66:02, image: compute}\n");
        change.put(f, null);
        assertEquals(1, ConfigReader.read(main, change).nodes().size(), "a removed file is not read");
    }

    @Test
    void theStoreWritesAtomicallyAndReadsBackWhatItWrote() throws Exception {
        FileNodeStore store = new FileNodeStore(dir.resolve("nodes.d"));
        store.put(new NodeStore.StoredNode("node-001", Map.of("mac", "fc:ab:14:e8:66:02", "image", "compute",
                "options", Map.of("mtu", "9000"))));
        assertEquals(List.of(new NodeStore.StoredNode("node-001", Map.of("mac", "fc:ab:14:e8:66:02", "image", "compute",
                "options", Map.of("mtu", "9000")))), store.loadAll());
        assertEquals(List.of(dir.resolve("nodes.d/node-001.yaml")), Files.list(dir.resolve("nodes.d")).toList(),
                "no temporary file left");
        assertEquals(2, ConfigReader.read(main("nodes.d")).nodes().size());
        store.remove("node-001");
        assertEquals(List.of(), store.loadAll());
    }

    @Test
    void oneNodeFileHoldsThemAll() throws Exception {
        Path main = main("nodes.yaml");
        FileNodeStore store = new FileNodeStore(dir.resolve("nodes.yaml"));
        store.put(new NodeStore.StoredNode("node-001", Map.of("mac", "fc:ab:14:e8:66:02", "image", "compute")));
        store.put(new NodeStore.StoredNode("node-002", Map.of("mac", "fc:ab:14:e8:66:03", "image", "compute")));
        store.remove("node-001");
        BootConfig c = ConfigReader.read(main);
        assertEquals(List.of("node-000", "node-002"), List.copyOf(c.nodes().keySet()));
        assertEquals(dir.resolve("nodes.yaml"), c.nodeOrigin("node-002").orElseThrow());
    }
}
