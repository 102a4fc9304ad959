package org.bootnode.server.http;

import java.util.Objects;
import java.util.function.Supplier;
import org.bootnode.server.BootUrls;
import org.bootnode.server.ScriptRenderer;
import org.bootnode.server.metrics.ServerMetrics;
import org.bootnode.server.overlay.OverlayService;
import org.bootnode.server.inventory.BootTimeline;
import org.bootnode.server.inventory.Inventory;
import org.bootnode.server.inventory.MacLookup;
import org.bootnode.tftp.server.FileSource;

/**
 * What the HTTP handlers read: the current inventory (swapped on reload), the timeline they
 * report to, the metrics, the script renderer, the URLs handed to nodes, the TFTP files, and who
 * is at an address for the requests that name no node, the files open for sending.
 *
 * @param inventory the current nodes and images
 * @param timeline where boot steps are recorded
 * @param metrics counters
 * @param renderer writes the scripts
 * @param urls the URLs of this server (known once the port is bound)
 * @param tftpSource the TFTP server's file source, served under {@code /tftp/}, or null for none
 * @param macs the MAC at a client address
 * @param servesUnknown whether unknown MACs get a waiting script (DHCP pool for unknown clients)
 * @param overlays builds and serves the nodes' overlays, or null for none (404)
 * @param openFiles the kernels and initrds open for sending
 */
record HttpContext(Supplier<Inventory> inventory, BootTimeline timeline, ServerMetrics metrics,
        ScriptRenderer renderer, Supplier<BootUrls> urls, FileSource tftpSource, MacLookup macs, boolean servesUnknown,
        OverlayService overlays, OpenFileCache openFiles) {
    HttpContext {
        Objects.requireNonNull(inventory, "inventory");
        Objects.requireNonNull(timeline, "timeline");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(renderer, "renderer");
        Objects.requireNonNull(urls, "urls");
        Objects.requireNonNull(macs, "macs");
        Objects.requireNonNull(openFiles, "openFiles");
    }
}
