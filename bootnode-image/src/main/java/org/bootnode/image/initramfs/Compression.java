package org.bootnode.image.initramfs;

import java.util.Locale;

/**
 * How a segment of an initramfs is compressed. These are the formats bootnode writes; the Linux
 * kernel reads them all (zstd since Linux 5.9, so not on EL8's 4.18).
 */
public enum Compression {
    /** A plain newc archive. */
    NONE,
    /** gzip (RFC 1952), deflate. */
    GZIP,
    /** xz with LZMA2 and the CRC32 check, the only checks besides none the kernel accepts. */
    XZ,
    /** zstd frames; needs zstd-jni at run time. */
    ZSTD;

    /** The lower-case name used on the command line: {@code none}, {@code gzip}, {@code xz}, {@code zstd}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a command line name, case-insensitively. */
    public static Compression parse(String name) {
        for (Compression c : values()) {
            if (c.cliName().equalsIgnoreCase(name.trim())) {
                return c;
            }
        }
        throw new IllegalArgumentException("compression: " + name + " (expected: xz, gzip, zstd or none)");
    }
}
