package org.bootnode.server.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The boot test reads each node's stages out of /api/nodes: pin that reading. */
class BootITStagesTest {
    private static final String JSON = "{\"nodes\":[{\"name\":\"node-000\",\"mac\":\"fc:ab:14:e8:66:01\","
            + "\"events\":[{\"stage\":\"dhcp-offer\"},{\"stage\":\"dhcp-ack\"},{\"stage\":\"booted\"}]},"
            + "{\"name\":\"node-001\",\"events\":[{\"stage\":\"tftp-file\"}]}],"
            + "\"unknown\":[{\"mac\":\"fc:ab:14:e8:66:09\",\"events\":[{\"stage\":\"script\"}]}]}";

    @Test
    void stagesAreThoseOfTheNamedNodeOnly() {
        assertEquals(List.of("dhcp-offer", "dhcp-ack", "booted"), List.copyOf(BootIT.stages(JSON, "node-000")));
        assertEquals(List.of("tftp-file"), List.copyOf(BootIT.stages(JSON, "node-001")));
    }

    @Test
    void anAbsentNodeHasNoStages() {
        assertEquals(Set.of(), BootIT.stages(JSON, "node-002"));
    }
}
