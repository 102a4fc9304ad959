package org.bootnode.image.initramfs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * A statically linked busybox binary and the applet links to make for it. An initramfs has no
 * dynamic loader, so a dynamically linked busybox would fail at boot with "not found": it is
 * refused here instead.
 *
 * <p>The applets come from {@code busybox --list-full} when the binary runs on this machine,
 * otherwise from a built-in list of the applets bootnode's init scripts use.
 */
public final class Busybox {
    /** Applets the init scripts need, with their usual places; used when the binary cannot run here. */
    public static final List<String> ESSENTIAL_APPLETS = List.of(
            "bin/sh", "bin/ash", "bin/cat", "bin/echo", "bin/ls", "bin/mkdir", "bin/mount", "bin/umount",
            "bin/sleep", "bin/tar", "bin/rm", "bin/ln", "bin/mknod", "bin/dmesg", "bin/df", "bin/ps",
            "sbin/switch_root", "sbin/insmod", "sbin/modprobe", "sbin/ip", "sbin/ifconfig", "sbin/udhcpc",
            "sbin/reboot", "sbin/poweroff", "sbin/mdev", "usr/bin/wget", "usr/bin/xz", "usr/bin/unxz",
            "usr/bin/xzcat", "usr/bin/du", "usr/bin/head", "usr/bin/tr", "usr/bin/cut", "usr/bin/awk",
            "usr/bin/setsid", "usr/bin/cttyhack", "usr/bin/free", "usr/bin/vi", "bin/grep", "usr/bin/wc",
            "bin/cp", "bin/chmod", "bin/chown", "bin/stat", "bin/hostname", "usr/bin/find");

    private final Path path;
    private final List<String> applets;

    private Busybox(Path path, List<String> applets) {
        this.path = path;
        this.applets = List.copyOf(applets);
    }

    /** The binary. */
    public Path path() {
        return path;
    }

    /** Applet paths relative to the root, sorted, e.g. {@code bin/sh}, {@code sbin/switch_root}. */
    public List<String> applets() {
        return applets;
    }

    /**
     * Checks that {@code binary} is a readable, statically linked ELF executable and finds its
     * applets.
     *
     * @throws ImageBuildException naming the path when it is missing, unreadable, not ELF or dynamic
     */
    public static Busybox load(Path binary) throws IOException {
        if (!Files.exists(binary)) {
            throw new ImageBuildException(binary, "busybox not found (Debian: apt-get install busybox-static)");
        }
        if (!Files.isRegularFile(binary) || !Files.isReadable(binary)) {
            throw new ImageBuildException(binary, "busybox is not a readable file");
        }
        checkStaticElf(binary);
        return new Busybox(binary, listApplets(binary));
    }

    /** Same as {@link #load(Path)} with a given applet list, without running the binary. */
    public static Busybox load(Path binary, List<String> applets) throws IOException {
        if (!Files.isRegularFile(binary) || !Files.isReadable(binary)) {
            throw new ImageBuildException(binary, "busybox not found or not readable");
        }
        checkStaticElf(binary);
        return new Busybox(binary, new ArrayList<>(new TreeSet<>(applets)));
    }

    static void checkStaticElf(Path binary) throws IOException {
        try (FileChannel ch = FileChannel.open(binary)) {
            ByteBuffer ident = ByteBuffer.allocate(64);
            ch.read(ident, 0);
            ident.flip();
            if (ident.remaining() < 64 || ident.getInt(0) != 0x7F454C46) {
                throw new ImageBuildException(binary, "busybox is not an ELF executable");
            }
            boolean is64 = ident.get(4) == 2;
            ByteOrder order = ident.get(5) == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            ident.order(order);
            long phoff = is64 ? ident.getLong(32) : ident.getInt(28) & 0xFFFF_FFFFL;
            int phentsize = ident.getShort(is64 ? 54 : 42) & 0xFFFF;
            int phnum = ident.getShort(is64 ? 56 : 44) & 0xFFFF;
            if (phnum == 0 || phentsize < 4 || phnum > 4096) {
                throw new ImageBuildException(binary, "busybox has no program headers: not an executable");
            }
            ByteBuffer ph = ByteBuffer.allocate(phentsize * phnum).order(order);
            ch.read(ph, phoff);
            for (int i = 0; i < phnum; i++) {
                // PT_INTERP (3): the program asks for a dynamic loader.
                if (ph.getInt(i * phentsize) == 3) {
                    throw new ImageBuildException(binary, "busybox is dynamically linked; an initramfs needs a static one"
                            + " (Debian: busybox-static, /bin/busybox)");
                }
            }
        }
    }

    private static List<String> listApplets(Path binary) {
        TreeSet<String> applets = new TreeSet<>();
        try {
            Process p = new ProcessBuilder(binary.toAbsolutePath().toString(), "--list-full")
                    .redirectErrorStream(true).start();
            try (InputStream in = p.getInputStream()) {
                p.getOutputStream().close();
                String text = new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8);
                if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    for (String line : text.split("\n")) {
                        String a = line.trim();
                        if (!a.isEmpty() && !a.startsWith("/") && !a.contains("..") && !a.contains(" ")) {
                            applets.add(a);
                        }
                    }
                }
            } finally {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            // a binary for another architecture: fall back to the essential list
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (applets.isEmpty()) {
            applets.addAll(ESSENTIAL_APPLETS);
        }
        return new ArrayList<>(applets);
    }
}
