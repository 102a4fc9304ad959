package org.bootnode.server.http;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;
import org.bootnode.server.BootUrls;
import org.bootnode.server.ScriptRenderer;
import org.bootnode.server.ServerMetrics;
import org.bootnode.server.inventory.BootTimeline;
import org.bootnode.server.inventory.Inventory;

/**
 * What the HTTP handlers read: the current inventory (swapped on reload), the timeline they
 * report to, the metrics, the script renderer, the URLs handed to nodes, and the TFTP root.
 *
 * @param inventory the current nodes and images
 * @param timeline where boot steps are recorded
 * @param metrics counters
 * @param renderer writes the scripts
 * @param urls the URLs of this server (known once the port is bound)
 * @param tftpRoot the TFTP root served under {@code /tftp/}, or null for none
 * @param servesUnknown whether unknown MACs get a waiting script (DHCP pool for unknown clients)
 */
record HttpContext(Supplier<Inventory> inventory, BootTimeline timeline, ServerMetrics metrics,
        ScriptRenderer renderer, Supplier<BootUrls> urls, Path tftpRoot, boolean servesUnknown) {
    HttpContext {
        Objects.requireNonNull(inventory, "inventory");
        Objects.requireNonNull(timeline, "timeline");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(renderer, "renderer");
        Objects.requireNonNull(urls, "urls");
    }
}
