package org.bootnode.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bootnode.server.overlay.OverlayFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code overlays} section and the groups' and nodes' {@code overlays:} and {@code vars:}: order, sources, mistakes at their line. */
class OverlayConfigTest {
    @TempDir
    Path dir;

    @Test
    void layersApplyAllNodesThenGroupThenNodeEachOnceAndVarsMergeTheSameWay() throws IOException {
        BootConfig config = OverlayFixture.read(dir);
        OverlaySection o = config.overlays().orElseThrow();
        assertEquals(dir.resolve("overlays"), o.root());
        NodeSpec n0 = config.nodes().get("node-000");
        assertEquals(List.of(new OverlaySection.Layer("base", "overlays.all-nodes"), new OverlaySection.Layer("slurm", "group compute"),
                new OverlaySection.Layer("ssh-host-keys", "group compute"), new OverlaySection.Layer("node0", "node"),
                new OverlaySection.Layer("admin", "node")), o.layers(n0));
        assertEquals("batch", o.vars(n0).get("partition"));
        assertEquals("all", o.vars(config.nodes().get("node-002")).get("partition"));
        List<String> shown = NodeSettings.of(config, n0).stream().map(NodeSettings.Setting::toString).toList();
        assertTrue(shown.contains("overlay: base (overlays.all-nodes)"), shown::toString);
        assertTrue(shown.contains("overlay: slurm (group compute)"), shown::toString);
        assertTrue(shown.contains("overlay: admin (node)"), shown::toString);
        assertTrue(shown.contains("var partition: batch (group compute)"), shown::toString);
        assertTrue(shown.contains("var cluster: demo (overlays.vars)"), shown::toString);
    }

    private List<String> problems(String yaml) throws IOException {
        Files.createDirectories(dir.resolve("overlays/base"));
        Files.createDirectories(dir.resolve("overlays/ssh-host-keys-not"));
        Files.writeString(dir.resolve("k"), "k");
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, "server: { address: 10.0.0.1 }\nimages: { compute: { kernel: k, initrd: k } }\n" + yaml);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigReader.read(file));
        return e.problems().stream().map(p -> p.line() + ": " + p.message()).toList();
    }

    @Test
    void mistakesAreReportedAtTheirLine() throws IOException {
        assertEquals(List.of("6: overlays: 'nope' is not a folder under overlays.root " + dir.resolve("overlays")
                + " (or the built-in ssh-host-keys)"), problems("""
                overlays: { root: overlays }
                nodes:
                  n1: { mac: "fc:ab:14:e8:66:01", image: compute,
                        overlays: [base, nope] }
                """));
        assertEquals(List.of("5: overlays: no top-level overlays section says where they are (expected: overlays: { root: FOLDER }"
                + " beside server)"), problems("""
                groups:
                  g: { image: compute,
                       overlays: [base] }
                """));
        assertTrue(problems("overlays: { root: missing }\n").get(0).startsWith("3: overlays.root: "), "missing root");
        assertEquals(List.of("3: overlays.vars: variable name 9lives (expected: letters, digits and '_', not starting with a digit;"
                + " a template reads it as {{vars.NAME}})"), problems("overlays: { root: overlays, vars: { 9lives: x } }\n"));
        assertEquals(List.of("3: overlays.all-nodes: ../etc (expected: overlay names, folders under overlays.root: letters,"
                + " digits, '.', '_', '-')"), problems("overlays: { root: overlays, all-nodes: [../etc] }\n"));
        Files.createDirectories(dir.resolve("overlays/ssh-host-keys"));
        assertTrue(problems("overlays: { root: overlays, all-nodes: [ssh-host-keys] }\n").get(0)
                .contains("has the name of the built-in overlay ssh-host-keys"));
    }
}
