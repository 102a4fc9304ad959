package org.bootnode.server.http;

import io.netty.handler.codec.http.HttpMethod;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.server.HttpRoute;
import org.bootnode.server.config.ImageSpec;
import org.bootnode.server.inventory.BootStage;
import org.bootnode.server.inventory.Inventory;
import org.bootnode.server.inventory.MacLookup;

/**
 * A kernel or initrd asked for, resolved against the inventory: the file, and the step it makes
 * in the node's timeline when the node is known. Memory only (the inventory and the leases), so
 * that the event loop ({@link CachedAnswers}) and the file threads ({@link BootHttpHandler})
 * resolve a request the same way.
 *
 * @param file the kernel or initrd
 * @param stage {@link BootStage#KERNEL} or {@link BootStage#INITRD}
 * @param detail the timeline's detail: the image and the file's name
 * @param mac the node asking, when known
 */
record ImageFileRequest(Path file, BootStage stage, String detail, Optional<MacAddress> mac) {

    /** Whether {@code route} asks for an image's kernel or initrd. */
    static boolean names(HttpRoute route) {
        return route instanceof HttpRoute.NodeFile || route instanceof HttpRoute.NodeImageFile
                || route instanceof HttpRoute.ImageFile;
    }

    /**
     * The file {@code route} asks for; empty when there is none (an unknown node or image: 404).
     * {@code macs} names the node for the URLs that do not, by its client address.
     */
    static Optional<ImageFileRequest> resolve(HttpRoute route, Inventory inventory, MacLookup macs, InetAddress client) {
        if (route instanceof HttpRoute.NodeFile f) {
            return of(inventory.node(f.mac()).map(inventory::imageOf), f.part(), Optional.of(f.mac()));
        } else if (route instanceof HttpRoute.NodeImageFile f) {
            return of(inventory.node(f.mac()).flatMap(n -> inventory.image(f.image())), f.part(), Optional.of(f.mac()));
        } else if (route instanceof HttpRoute.ImageFile f) {
            Optional<ImageSpec> image = inventory.image(f.image());
            return image.isEmpty() ? Optional.empty() : of(image, f.part(), macs.macAt(client));
        }
        return Optional.empty();
    }

    private static Optional<ImageFileRequest> of(Optional<ImageSpec> image, HttpRoute.Part part, Optional<MacAddress> mac) {
        return image.map(i -> {
            Path file = part == HttpRoute.Part.KERNEL ? i.kernel() : i.initrd();
            BootStage stage = part == HttpRoute.Part.KERNEL ? BootStage.KERNEL : BootStage.INITRD;
            return new ImageFileRequest(file, stage, i.name() + " " + file.getFileName(), mac);
        });
    }

    /** What to do once the body was sent: a GET goes to the node's timeline, a HEAD nowhere. */
    LongConsumer done(HttpContext context, HttpMethod method) {
        if (!method.equals(HttpMethod.GET) || mac.isEmpty()) {
            return bytes -> { };
        }
        MacAddress m = mac.get();
        return bytes -> context.timeline().record(m, stage, bytes, detail);
    }
}
