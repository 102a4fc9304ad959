package org.bootnode.dhcp;

import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * A DHCP (BOOTP) message, immutable. Build with {@link #builder()}, derive with
 * {@link #toBuilder()} or {@link #replyTo(DhcpMessage)}; encode and decode with {@link DhcpCodec}.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------+---------------+---------------+---------------+
 * |     op (1)    |   htype (1)   |   hlen (1)    |   hops (1)    |
 * +---------------+---------------+---------------+---------------+
 * |                            xid (4)                            |
 * +-------------------------------+-------------------------------+
 * |           secs (2)            |           flags (2)           |
 * +-------------------------------+-------------------------------+
 * |                          ciaddr (4)                           |
 * |                          yiaddr (4)                           |
 * |                          siaddr (4)    next server            |
 * |                          giaddr (4)    relay agent            |
 * +---------------------------------------------------------------+
 * |                          chaddr (16)                          |
 * |                          sname  (64)                          |
 * |                          file   (128)                         |
 * +---------------------------------------------------------------+
 * |     magic cookie 99.130.83.99 (4)  |  options (variable)      |
 * +---------------------------------------------------------------+
 * </pre>
 * When the options were overloaded into {@code sname} or {@code file} (option 52), the decoder
 * moves them into {@link #options()} and leaves those fields empty.
 */
public final class DhcpMessage {
    /** Bit 15 of {@code flags} (RFC 2131 §2): the client wants broadcast replies. */
    public static final int FLAG_BROADCAST = 0x8000;
    public static final Inet4Address ANY = OptionType.Bytes.inet4(new byte[4], 0);

    private final DhcpOp op;
    private final int htype;
    private final int hlen;
    private final int hops;
    private final int xid;
    private final int secs;
    private final int flags;
    private final Inet4Address ciaddr;
    private final Inet4Address yiaddr;
    private final Inet4Address siaddr;
    private final Inet4Address giaddr;
    private final byte[] chaddr;
    private final byte[] sname;
    private final byte[] file;
    private final DhcpOptions options;

    private DhcpMessage(Builder b) {
        op = b.op;
        htype = b.htype;
        hlen = b.hlen;
        hops = b.hops;
        xid = b.xid;
        secs = b.secs;
        flags = b.flags;
        ciaddr = b.ciaddr;
        yiaddr = b.yiaddr;
        siaddr = b.siaddr;
        giaddr = b.giaddr;
        chaddr = b.chaddr.clone();
        sname = b.sname.clone();
        file = b.file.clone();
        options = b.options;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.op = op;
        b.htype = htype;
        b.hlen = hlen;
        b.hops = hops;
        b.xid = xid;
        b.secs = secs;
        b.flags = flags;
        b.ciaddr = ciaddr;
        b.yiaddr = yiaddr;
        b.siaddr = siaddr;
        b.giaddr = giaddr;
        b.chaddr = chaddr.clone();
        b.sname = sname.clone();
        b.file = file.clone();
        b.options = options;
        return b;
    }

    /**
     * A reply skeleton for {@code request} (RFC 2131 §4.3, table 3): BOOTREPLY with the request's
     * htype, hlen, xid, flags, giaddr and chaddr; everything else zero and no options.
     */
    public static Builder replyTo(DhcpMessage request) {
        Builder b = new Builder();
        b.op = DhcpOp.BOOTREPLY;
        b.htype = request.htype;
        b.hlen = request.hlen;
        b.xid = request.xid;
        b.flags = request.flags;
        b.giaddr = request.giaddr;
        b.chaddr = request.chaddr.clone();
        return b;
    }

    public DhcpOp op() { return op; }
    public int htype() { return htype; }
    public int hlen() { return hlen; }
    public int hops() { return hops; }
    public int xid() { return xid; }
    public int secs() { return secs; }
    public int flags() { return flags; }
    public boolean broadcast() { return (flags & FLAG_BROADCAST) != 0; }
    public Inet4Address ciaddr() { return ciaddr; }
    public Inet4Address yiaddr() { return yiaddr; }
    public Inet4Address siaddr() { return siaddr; }
    public Inet4Address giaddr() { return giaddr; }
    public DhcpOptions options() { return options; }

    /** All 16 bytes of chaddr. */
    public byte[] chaddr() {
        return chaddr.clone();
    }

    /** The first {@code hlen} bytes of chaddr. */
    public MacAddress clientMac() {
        return MacAddress.of(Arrays.copyOf(chaddr, Math.max(1, hlen)));
    }

    /** All 64 bytes of sname. */
    public byte[] snameBytes() {
        return sname.clone();
    }

    /** All 128 bytes of file. */
    public byte[] fileBytes() {
        return file.clone();
    }

    /** sname up to its first NUL. */
    public String serverName() {
        return cString(sname);
    }

    /** file up to its first NUL. */
    public String bootFile() {
        return cString(file);
    }

    public Optional<DhcpMessageType> messageType() {
        return options.get(OptionKey.MESSAGE_TYPE).map(DhcpMessageType::of);
    }

    public <T> Optional<T> option(OptionKey<T> key) {
        return options.get(key);
    }

    private static String cString(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    static boolean isAny(Inet4Address a) {
        return a.equals(ANY);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DhcpMessage m && m.op == op && m.htype == htype && m.hlen == hlen && m.hops == hops
                && m.xid == xid && m.secs == secs && m.flags == flags && m.ciaddr.equals(ciaddr)
                && m.yiaddr.equals(yiaddr) && m.siaddr.equals(siaddr) && m.giaddr.equals(giaddr)
                && Arrays.equals(m.chaddr, chaddr) && Arrays.equals(m.sname, sname) && Arrays.equals(m.file, file)
                && m.options.equals(options);
    }

    @Override
    public int hashCode() {
        return (xid * 31 + Arrays.hashCode(chaddr)) * 31 + options.hashCode();
    }

    @Override
    public String toString() {
        return op + "{xid=" + String.format("%08x", xid) + ", chaddr=" + clientMac() + ", flags=" + Integer.toHexString(flags)
                + ", ciaddr=" + ciaddr.getHostAddress() + ", yiaddr=" + yiaddr.getHostAddress()
                + ", siaddr=" + siaddr.getHostAddress() + ", giaddr=" + giaddr.getHostAddress()
                + (bootFile().isEmpty() ? "" : ", file=" + bootFile()) + ", options=" + options + "}";
    }

    /** Builds a {@link DhcpMessage}; every field starts at zero, op at BOOTREQUEST, htype 1, hlen 6. */
    public static final class Builder {
        private DhcpOp op = DhcpOp.BOOTREQUEST;
        private int htype = 1;
        private int hlen = 6;
        private int hops;
        private int xid;
        private int secs;
        private int flags;
        private Inet4Address ciaddr = ANY;
        private Inet4Address yiaddr = ANY;
        private Inet4Address siaddr = ANY;
        private Inet4Address giaddr = ANY;
        private byte[] chaddr = new byte[16];
        private byte[] sname = new byte[64];
        private byte[] file = new byte[128];
        private DhcpOptions options = DhcpOptions.empty();

        private Builder() {
        }

        public Builder op(DhcpOp op) { this.op = op; return this; }
        public Builder htype(int v) { OptionType.range(v, 0, 255); htype = v; return this; }
        public Builder hops(int v) { OptionType.range(v, 0, 255); hops = v; return this; }
        public Builder xid(int v) { xid = v; return this; }
        public Builder secs(int v) { OptionType.range(v, 0, 0xffff); secs = v; return this; }
        public Builder flags(int v) { OptionType.range(v, 0, 0xffff); flags = v; return this; }
        public Builder broadcast(boolean on) { flags = on ? flags | FLAG_BROADCAST : flags & ~FLAG_BROADCAST; return this; }
        public Builder ciaddr(Inet4Address a) { ciaddr = a; return this; }
        public Builder yiaddr(Inet4Address a) { yiaddr = a; return this; }
        public Builder siaddr(Inet4Address a) { siaddr = a; return this; }
        public Builder giaddr(Inet4Address a) { giaddr = a; return this; }
        public Builder options(DhcpOptions o) { options = o; return this; }

        /** hlen: 0..16 (RFC 2131 §2; bigger values would read past chaddr). */
        public Builder hlen(int v) {
            if (v < 0 || v > 16) {
                throw new IllegalArgumentException("hlen: " + v + " (expected: 0..16)");
            }
            hlen = v;
            return this;
        }

        /** Sets chaddr to {@code mac} (zero-padded to 16 bytes) and hlen to its length. */
        public Builder clientMac(MacAddress mac) {
            chaddr = Arrays.copyOf(mac.bytes(), 16);
            hlen = mac.length();
            return this;
        }

        /** All 16 bytes of chaddr, as on the wire. */
        public Builder chaddr(byte[] raw) {
            chaddr = exact(raw, 16, "chaddr");
            return this;
        }

        public Builder snameBytes(byte[] raw) {
            sname = exact(raw, 64, "sname");
            return this;
        }

        public Builder fileBytes(byte[] raw) {
            file = exact(raw, 128, "file");
            return this;
        }

        /** sname as text: at most 63 bytes of UTF-8, NUL-terminated. */
        public Builder serverName(String s) {
            sname = text(s, 64, "sname");
            return this;
        }

        /** file as text: at most 127 bytes of UTF-8, NUL-terminated; longer names belong in option 67. */
        public Builder bootFile(String s) {
            file = text(s, 128, "file");
            return this;
        }

        public <T> Builder option(OptionKey<T> key, T value) {
            options = options.toBuilder().put(key, value).build();
            return this;
        }

        public Builder messageType(DhcpMessageType type) {
            return option(OptionKey.MESSAGE_TYPE, type.code());
        }

        public DhcpMessage build() {
            return new DhcpMessage(this);
        }

        private static byte[] exact(byte[] raw, int len, String field) {
            if (raw.length != len) {
                throw new IllegalArgumentException(field + " length: " + raw.length + " (expected: " + len + ")");
            }
            return raw.clone();
        }

        private static byte[] text(String s, int len, String field) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            if (b.length > len - 1) {
                throw new IllegalArgumentException(field + ": " + b.length + " bytes (expected: 0.." + (len - 1) + ")");
            }
            return Arrays.copyOf(b, len);
        }
    }
}
