package org.bootnode.image.rootfs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.bootnode.image.initramfs.Busybox;
import org.bootnode.image.initramfs.Initramfs;

/** What both images hold: busybox and its links, device nodes, folders, the udhcpc script, modules. */
final class ImageBase {
    private ImageBase() {}

    static void add(Initramfs.Builder image, Busybox busybox, List<Path> modules) throws IOException {
        for (String dir : List.of("dev", "proc", "sys", "run", "etc", "root")) {
            image.addDirectory(dir, 0755);
        }
        image.addDirectory("tmp", 01777);
        // The kernel opens /dev/console for init's stdio before /init runs, before devtmpfs.
        image.addCharDevice("dev/console", 0600, 5, 1);
        image.addCharDevice("dev/null", 0666, 1, 3);
        image.addBusybox(busybox);
        image.addFile("usr/share/udhcpc/default.script", InitScripts.udhcpcScript(), 0755);
        KernelModules.add(image, modules);
    }
}
