package org.bootnode.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bootnode.dhcp.MacAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** examples/bootnode.yaml: the original setup, valid but for the files it names under /srv. */
class ExampleConfigTest {
    static Path example() {
        return example("bootnode.yaml");
    }

    static Path example(String name) {
        String project = System.getenv("BOOTNODE_PROJECT_DIR");
        Path p = project != null ? Path.of(project, "examples", name) : Path.of("..", "examples", name);
        assertTrue(Files.isRegularFile(p), p::toString);
        return p;
    }

    @Test
    void onlyTheFilesUnderSrvAreMissing() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigReader.read(example()));
        for (ConfigProblem p : e.problems()) {
            assertTrue(p.message().contains("/srv/bootnode/") && (p.message().endsWith("does not exist")
                    || p.message().endsWith("is not a folder")), p.toString());
        }
    }

    @Test
    void withTheFilesInPlaceItDescribesTheOriginalCluster(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("images"));
        Files.createDirectories(dir.resolve("tftp"));
        for (String f : List.of("images/vmlinuz", "images/compute.img", "images/failsafe.img")) {
            Files.writeString(dir.resolve(f), f);
        }
        Path copy = dir.resolve("bootnode.yaml");
        Files.writeString(copy, Files.readString(example()).replace("/srv/bootnode/", ""));
        BootConfig config = ConfigReader.read(copy);
        assertEquals("compute", config.node(MacAddress.parse("fc:ab:14:e8:66:01")).orElseThrow().image());
        assertEquals("node-000", config.node(MacAddress.parse("fc:ab:14:e8:66:01")).orElseThrow().name());
        assertEquals("failsafe", config.node(MacAddress.parse("fc:ab:14:e8:66:02")).orElseThrow().image());
        assertEquals("node-001", config.node(MacAddress.parse("fc:ab:14:e8:66:02")).orElseThrow().name());
        assertEquals("eth1", config.server().interfaceName());
    }

    @Test
    void theRacksExampleIsValidWithItsFilesInPlace(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("images"));
        Files.createDirectories(dir.resolve("tftp"));
        for (String f : List.of("images/vmlinuz", "images/compute.img", "images/gpu.img", "images/failsafe.img")) {
            Files.writeString(dir.resolve(f), f);
        }
        Path copy = dir.resolve("racks.yaml");
        Files.writeString(copy, Files.readString(example("racks.yaml")).replace("/srv/bootnode/", ""));
        BootConfig config = ConfigReader.read(copy);
        assertEquals(List.of("dhcp", "rack1", "rack2"),
                config.dhcp().orElseThrow().allSubnets().stream().map(SubnetSpec::name).toList());
        assertEquals("failsafe", config.nodes().get("node-001").image());
        assertEquals("nohz_full=2-63 quiet", config.nodes().get("node-002").kernelArguments());
        assertEquals("gpu", config.nodes().get("gpu-000").image());
    }
}
