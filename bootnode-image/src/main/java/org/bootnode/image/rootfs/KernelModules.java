package org.bootnode.image.rootfs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bootnode.image.initramfs.ImageBuildException;
import org.bootnode.image.initramfs.Initramfs;

/**
 * Kernel modules carried by an image, loaded in the given order with busybox {@code insmod}
 * (which resolves no dependencies: list them first). They go to
 * {@code /lib/bootnode/modules/NNN-name.ko}. Debian 12's modules are plain ELF {@code .ko}
 * files; compressed ones are refused with a clear message.
 *
 * <p>For Debian 12's kernel under qemu: e1000 needs {@code e1000.ko} alone; virtio-net needs
 * {@code failover, net_failover, virtio_ring, virtio, virtio_pci_modern_dev,
 * virtio_pci_legacy_dev, virtio_pci, virtio_net}, in that order.
 */
final class KernelModules {
    static final String DIRECTORY = "lib/bootnode/modules";

    private KernelModules() {}

    static void add(Initramfs.Builder image, List<Path> modules) throws IOException {
        int n = 0;
        for (Path module : modules) {
            check(module);
            String name = module.getFileName().toString();
            image.addFile(String.format("%s/%03d-%s", DIRECTORY, n++, name), module, 0644);
        }
    }

    static void check(Path module) throws IOException {
        if (!Files.isRegularFile(module)) {
            throw new ImageBuildException(module, Files.exists(module) ? "kernel module is not a regular file" : "kernel module not found");
        }
        String name = module.getFileName().toString();
        byte[] head;
        try (InputStream in = Files.newInputStream(module)) {
            head = in.readNBytes(18);
        } catch (AccessDeniedException e) {
            throw new ImageBuildException(module, "cannot read: permission denied", e);
        }
        boolean elf = head.length >= 18 && head[0] == 0x7F && head[1] == 'E' && head[2] == 'L' && head[3] == 'F';
        if (!elf) {
            boolean compressed = head.length >= 4 && ((head[0] & 0xFF) == 0xFD || (head[0] & 0xFF) == 0x1F
                    || (head[0] & 0xFF) == 0x28);
            throw new ImageBuildException(module, compressed
                    ? "compressed kernel module: give the plain .ko (xz -d or zstd -d it first)"
                    : "not a kernel module (not an ELF file)");
        }
        int type = head[5] == 2 ? (head[16] & 0xFF) << 8 | (head[17] & 0xFF) : (head[16] & 0xFF) | (head[17] & 0xFF) << 8;
        if (type != 1) {
            throw new ImageBuildException(module, "not a kernel module (ELF, but not relocatable)");
        }
        if (!name.endsWith(".ko")) {
            throw new ImageBuildException(module, "kernel module names end in .ko");
        }
    }
}
