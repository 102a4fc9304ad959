package org.bootnode.server.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bootnode.server.config.ConfigProblem;
import org.junit.jupiter.api.Test;

/** {@code .bootnode/owners} read line by line: what each good line declares, and each bad line named by its number. */
class OwnersManifestTest {
    private static final Path FILE = Path.of("admin/.bootnode/owners");

    @Test
    void linesDeclareOwnerGroupAndAnOptionalOctalMode() {
        List<ConfigProblem> problems = new ArrayList<>();
        Map<String, OwnersManifest.Owner> m = OwnersManifest.parse(FILE, List.of(
                "# home of alice",
                "",
                "/home/alice/.ssh/   1000:1000  0700",
                "\t/home/alice/.ssh/authorized_keys 1000:1000 600",
                "/etc/munge/munge.key 998:4294967294"), problems);
        assertEquals(List.of(), problems);
        assertEquals(new OwnersManifest.Owner(1000, 1000, 0700, FILE, 3), m.get("home/alice/.ssh"));
        assertEquals(new OwnersManifest.Owner(1000, 1000, 0600, FILE, 4), m.get("home/alice/.ssh/authorized_keys"));
        assertEquals(new OwnersManifest.Owner(998, 4294967294L, -1, FILE, 5), m.get("etc/munge/munge.key"));
        assertEquals("admin/.bootnode/owners:4", m.get("home/alice/.ssh/authorized_keys").where());
    }

    @Test
    void eachBadLineIsAProblemAtItsLineAndIsLeftOut() {
        List<ConfigProblem> problems = new ArrayList<>();
        Map<String, OwnersManifest.Owner> m = OwnersManifest.parse(FILE, List.of(
                "/etc/a alice:alice",
                "/etc/b 1000:4294967295",
                "/etc/c 0:0 0999",
                "etc/d 0:0",
                "/etc/../shadow 0:0",
                "/etc/e",
                "/etc/f 0:0 0600 extra",
                "/etc/g 1:1",
                "/etc/g/ 2:2",
                "/ 0:0",
                "/etc//h 0:0",
                "/etc/i 0:0 17777"), problems);
        assertEquals(Map.of("etc/g", new OwnersManifest.Owner(1, 1, -1, FILE, 8)), m);
        List<String> text = problems.stream().map(ConfigProblem::toString).toList();
        assertEquals(11, text.size(), text.toString());
        assertTrue(text.get(0).startsWith("admin/.bootnode/owners:1: 'alice:alice' (expected: numeric UID:GID"), text.get(0));
        assertTrue(text.get(1).startsWith("admin/.bootnode/owners:2: '1000:4294967295' (expected: ids from 0 to 4294967294"), text.get(1));
        assertTrue(text.get(2).startsWith("admin/.bootnode/owners:3: '0999' (expected: an octal mode"), text.get(2));
        assertTrue(text.get(3).startsWith("admin/.bootnode/owners:4: 'etc/d' (expected: a path in the node's root"), text.get(3));
        assertTrue(text.get(4).startsWith("admin/.bootnode/owners:5: '/etc/../shadow'"), text.get(4));
        assertTrue(text.get(5).startsWith("admin/.bootnode/owners:6: '/etc/e' (expected: PATH UID:GID [MODE]"), text.get(5));
        assertTrue(text.get(6).startsWith("admin/.bootnode/owners:7: "), text.get(6));
        assertEquals("admin/.bootnode/owners:9: /etc/g is declared again (first on line 8)", text.get(7));
        assertTrue(text.get(8).startsWith("admin/.bootnode/owners:10: '/'"), text.get(8));
        assertTrue(text.get(9).startsWith("admin/.bootnode/owners:11: '/etc//h'"), text.get(9));
        assertTrue(text.get(10).startsWith("admin/.bootnode/owners:12: '17777'"), text.get(10));
    }
}
