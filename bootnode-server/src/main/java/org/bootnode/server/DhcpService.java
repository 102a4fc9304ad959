package org.bootnode.server;

import io.netty.channel.EventLoopGroup;
import org.bootnode.server.config.BootConfig;
import org.bootnode.server.inventory.BootTimeline;
import org.bootnode.server.inventory.Inventory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The DHCP side of the server: bootnode-dhcp configured from the inventory. */
final class DhcpService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DhcpService.class);

    private DhcpService() {}

    static DhcpService start(BootConfig config, Inventory inventory, BootUrls urls, int tftpPort, EventLoopGroup group,
            BootTimeline timeline, ServerMetrics metrics) {
        log.warn("dhcp: bootnode-dhcp is not integrated yet in this build; no DHCP server runs");
        return new DhcpService();
    }

    void update(Inventory inventory) {
    }

    @Override
    public void close() {
    }
}
