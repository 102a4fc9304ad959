package org.bootnode.image.cpio;

/**
 * The file type bits of a cpio mode ({@code S_IFMT}). A fixed set defined by POSIX, hence an enum.
 */
public enum CpioFileType {
    FIFO(0010000),
    CHARACTER_DEVICE(0020000),
    DIRECTORY(0040000),
    BLOCK_DEVICE(0060000),
    REGULAR(0100000),
    SYMLINK(0120000),
    SOCKET(0140000);

    /** Mask of the type bits in a mode. */
    public static final int TYPE_MASK = 0170000;

    private final int bits;

    CpioFileType(int bits) {
        this.bits = bits;
    }

    /** The {@code S_IFMT} bits of this type. */
    public int bits() {
        return bits;
    }

    /** Whether an entry of this type carries data in a newc archive (regular files and symlinks). */
    public boolean hasData() {
        return this == REGULAR || this == SYMLINK;
    }

    /** Whether an entry of this type is a device node with a meaningful rdev. */
    public boolean isDevice() {
        return this == CHARACTER_DEVICE || this == BLOCK_DEVICE;
    }

    /** The type of a full mode, or null when its type bits name no known type. */
    static CpioFileType ofMode(int mode) {
        int type = mode & TYPE_MASK;
        for (CpioFileType t : values()) {
            if (t.bits == type) {
                return t;
            }
        }
        return null;
    }
}
