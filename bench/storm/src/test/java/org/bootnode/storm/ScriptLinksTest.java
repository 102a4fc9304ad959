package org.bootnode.storm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScriptLinksTest {
    static final SimulatedNode NODE = SimulatedNode.of(0, SimulatedNode.DEFAULT_MAC_BASE, 0);
    static final URI BASE = URI.create("http://10.0.0.1:8080/nodes/02:00:00:00:00:01/boot.ipxe");

    @Test
    void readsTheFirstAttemptOfBootnodesScript() throws Exception {
        String script = """
                #!ipxe
                # bootnode: boot kernel and initrd; 3 attempts
                :attempt1
                imgfree || goto failed1
                kernel --name kernel http://10.0.0.1:8080/images/compute/kernel initrd=initrd.img console=ttyS0 bootnode.booted=http://10.0.0.1:8080/api/nodes/02:00:00:00:00:01/booted || goto failed1
                initrd --name initrd.img http://10.0.0.1:8080/images/compute/initrd || goto failed1
                boot || goto failed1
                :attempt2
                kernel --name kernel http://10.0.0.1:8080/other/kernel
                initrd http://10.0.0.1:8080/other/initrd
                """;
        ScriptLinks links = ScriptLinks.parse(script, BASE);
        assertEquals(URI.create("http://10.0.0.1:8080/images/compute/kernel"), links.kernel());
        assertEquals(URI.create("http://10.0.0.1:8080/images/compute/initrd"), links.initrd());
        assertEquals(Optional.of(URI.create("http://10.0.0.1:8080/api/nodes/02:00:00:00:00:01/booted")), links.booted());
    }

    @Test
    void relativeUrlsResolveAgainstTheScriptsOwn() throws Exception {
        ScriptLinks links = ScriptLinks.parse("#!ipxe\nkernel kernel bootnode.booted=booted\ninitrd initrd\nboot\n", BASE);
        assertEquals(URI.create("http://10.0.0.1:8080/nodes/02:00:00:00:00:01/kernel"), links.kernel());
        assertEquals(URI.create("http://10.0.0.1:8080/nodes/02:00:00:00:00:01/initrd"), links.initrd());
        assertEquals(Optional.of(URI.create("http://10.0.0.1:8080/nodes/02:00:00:00:00:01/booted")), links.booted());
    }

    @Test
    void aScriptWithoutBootedReportHasNone() throws Exception {
        assertEquals(Optional.empty(), ScriptLinks.parse("#!ipxe\nkernel /k\ninitrd /i\n", BASE).booted());
    }

    @Test
    void notAScriptOrNoInitrdIsAnError() {
        assertThrows(StormException.class, () -> ScriptLinks.parse("<html>404</html>", BASE));
        StormException e = assertThrows(StormException.class, () -> ScriptLinks.parse("#!ipxe\nkernel /k\nboot\n", BASE));
        assertTrue(e.getMessage().contains("initrd"), e.getMessage());
    }

    @Test
    void expandsTheSettingsIpxeExpandsInAFileName() throws Exception {
        var ip = StormCommand.inet4("10.0.128.1");
        assertEquals("http://h/boot/02:00:00:00:00:01.ipxe", ScriptLinks.expand("http://h/boot/${mac}.ipxe", NODE, ip));
        assertEquals("http://h/02-00-00-00-00-01/10.0.128.1", ScriptLinks.expand("http://h/${net0/mac:hexhyp}/${ip}", NODE, ip));
        assertThrows(StormException.class, () -> ScriptLinks.expand("http://h/${uuid}", NODE, ip));
        assertThrows(StormException.class, () -> ScriptLinks.expand("http://h/${mac", NODE, ip));
    }
}
