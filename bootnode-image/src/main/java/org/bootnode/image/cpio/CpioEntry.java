package org.bootnode.image.cpio;

import java.util.Objects;

/**
 * One newc header: the name and the thirteen numeric fields, immutable.
 *
 * <pre>
 * offset size field
 *    0     6  magic     "070701" (newc) or "070702" (crc: check = sum of the data bytes)
 *    6     8  ino       |
 *   14     8  mode      |  each field 8 ASCII hex digits, 32-bit unsigned
 *   22     8  uid       |
 *   30     8  gid       |
 *   38     8  nlink     |
 *   46     8  mtime     |  seconds since the epoch
 *   54     8  filesize  |  regular file data, or the symlink target
 *   62     8  devmajor  |
 *   70     8  devminor  |
 *   78     8  rdevmajor |  device nodes only
 *   86     8  rdevminor |
 *   94     8  namesize  |  counting the terminating NUL
 *  102     8  check     |  0 for newc
 *  110        name, NUL, zero padding to a multiple of 4; data, zero padding to a multiple of 4
 * </pre>
 *
 * <p>Hard links (newc semantics): entries with {@code nlink >= 2} and the same (devmajor,
 * devminor, ino) are one file; one of them carries the data, the others have size 0.
 *
 * @param name        the path inside the archive, UTF-8, no leading slash (e.g. {@code bin/sh})
 * @param type        the file type
 * @param permissions the permission bits ({@code 07777})
 * @param uid         owner
 * @param gid         group
 * @param nlink       link count
 * @param mtime       modification time, seconds since the epoch (0..2^32-1)
 * @param ino         inode number
 * @param devMajor    major number of the device holding the file
 * @param devMinor    minor number of the device holding the file
 * @param rdevMajor   major number of a device node
 * @param rdevMinor   minor number of a device node
 * @param size        number of data bytes that follow the header
 */
public record CpioEntry(String name, CpioFileType type, int permissions, long uid, long gid, long nlink,
                        long mtime, long ino, long devMajor, long devMinor, long rdevMajor, long rdevMinor,
                        long size) {
    /** The largest value of any numeric field: 8 hex digits. */
    public static final long MAX_FIELD = 0xFFFF_FFFFL;
    /** The longest name in bytes, without the NUL: the kernel ignores names at or over PATH_MAX. */
    public static final int MAX_NAME_BYTES = 4095;
    /** The name of the entry that ends an archive. */
    public static final String TRAILER = "TRAILER!!!";

    /** Checks every field against what newc can hold. */
    public CpioEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if ((permissions & ~07777) != 0) {
            throw new IllegalArgumentException("permissions: 0" + Integer.toOctalString(permissions)
                    + " (expected: 0..07777)");
        }
        check("uid", uid);
        check("gid", gid);
        check("nlink", nlink);
        check("mtime", mtime);
        check("ino", ino);
        check("devmajor", devMajor);
        check("devminor", devMinor);
        check("rdevmajor", rdevMajor);
        check("rdevminor", rdevMinor);
        check("filesize", size);
        if (!type.hasData() && size != 0) {
            throw new IllegalArgumentException("filesize: " + size + " (expected: 0 for a " + type + ")");
        }
    }

    private static void check(String field, long value) {
        if (value < 0 || value > MAX_FIELD) {
            throw new IllegalArgumentException(field + ": " + value + " (expected: 0.." + MAX_FIELD + ")");
        }
    }

    /** The full mode: type bits and permissions. */
    public int mode() {
        return type.bits() | permissions;
    }

    /** A builder with every field zero, nlink 1 and the given name and type. */
    public static Builder builder(String name, CpioFileType type) {
        return new Builder(name, type);
    }

    /** A builder starting from this entry's values. */
    public Builder toBuilder() {
        Builder b = new Builder(name, type);
        b.permissions = permissions;
        b.uid = uid;
        b.gid = gid;
        b.nlink = nlink;
        b.mtime = mtime;
        b.ino = ino;
        b.devMajor = devMajor;
        b.devMinor = devMinor;
        b.rdevMajor = rdevMajor;
        b.rdevMinor = rdevMinor;
        b.size = size;
        return b;
    }

    /** Builds a {@link CpioEntry}; all fields default to 0, nlink to 1 (2 for a directory). */
    public static final class Builder {
        private String name;
        private CpioFileType type;
        private int permissions;
        private long uid;
        private long gid;
        private long nlink;
        private long mtime;
        private long ino;
        private long devMajor;
        private long devMinor;
        private long rdevMajor;
        private long rdevMinor;
        private long size;

        private Builder(String name, CpioFileType type) {
            this.name = name;
            this.type = type;
            this.nlink = type == CpioFileType.DIRECTORY ? 2 : 1;
        }

        public Builder name(String name) { this.name = name; return this; }
        public Builder type(CpioFileType type) { this.type = type; return this; }
        public Builder permissions(int permissions) { this.permissions = permissions; return this; }
        public Builder uid(long uid) { this.uid = uid; return this; }
        public Builder gid(long gid) { this.gid = gid; return this; }
        public Builder nlink(long nlink) { this.nlink = nlink; return this; }
        public Builder mtime(long mtime) { this.mtime = mtime; return this; }
        public Builder ino(long ino) { this.ino = ino; return this; }
        public Builder dev(long major, long minor) { this.devMajor = major; this.devMinor = minor; return this; }
        public Builder rdev(long major, long minor) { this.rdevMajor = major; this.rdevMinor = minor; return this; }
        public Builder size(long size) { this.size = size; return this; }

        public CpioEntry build() {
            return new CpioEntry(name, type, permissions, uid, gid, nlink, mtime, ino,
                    devMajor, devMinor, rdevMajor, rdevMinor, size);
        }
    }
}
