package org.bootnode.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.ZoneOffset;
import org.bootnode.server.api.Json;
import org.junit.jupiter.api.Test;

class StatusTableTest {
    @Test
    void oneLinePerNodeAndItsStepsBeneath() {
        String json = """
                {"nodes":[{"name":"node-000","mac":"fc:ab:14:e8:66:01","ip":"10.0.0.10","image":"compute","state":"booted",
                  "events":[{"stage":"dhcp-offer","time":"2026-01-01T00:00:00Z","bytes":0,"detail":"10.0.0.10 pxe x86-bios"},
                            {"stage":"initrd","time":"2026-01-01T00:00:02.500Z","bytes":4096,"detail":"compute"},
                            {"stage":"booted","time":"2026-01-01T00:00:12Z","bytes":0,"detail":"from 10.0.0.10"}]},
                 {"name":"node-001","mac":"fc:ab:14:e8:66:02","ip":null,"image":"failsafe","state":"unseen","events":[]}],
                 "unknown":[]}
                """;
        String table = StatusTable.format(Json.parse(json), ZoneOffset.UTC);
        assertEquals("""
                NODE      MAC                IP         IMAGE     STATE   BOOT
                node-000  fc:ab:14:e8:66:01  10.0.0.10  compute   booted  12.0s
                    00:00:00.000    +0.000s  dhcp-offer             10.0.0.10 pxe x86-bios
                    00:00:02.500    +2.500s  initrd         4096 B  compute
                    00:00:12.000   +12.000s  booted                 from 10.0.0.10
                node-001  fc:ab:14:e8:66:02  -          failsafe  unseen  -
                """, table);
    }
}
