package org.bootnode.dhcp;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and writes DHCP messages (RFC 2131 §2, RFC 2132, RFC 3396). Plain Java, no I/O, no
 * logging: bytes in, a {@link DhcpMessage} or a {@link DhcpDecodeException} out, and back.
 *
 * <p>Decoding joins the instances of a repeated option (RFC 3396), reads options overloaded into
 * {@code file} and {@code sname} (option 52, in that order), and checks options 50, 53 and 54,
 * which say what the message asks for; other known options that do not fit their type read as
 * absent. Encoding writes option 53 first, the others by code, option 82 last
 * (RFC 3046 §2.1), splits values over 255 bytes, ends with option 255 and pads the packet to
 * {@link #MIN_PACKET} bytes with zeros.
 */
public final class DhcpCodec {
    /** The BOOTP header before the magic cookie. */
    public static final int HEADER_LENGTH = 236;
    /** RFC 951: replies shorter than 300 bytes are dropped by some ROMs and relays. */
    public static final int MIN_PACKET = 300;
    /** RFC 2131 §2: the smallest datagram a client must accept is 576 bytes of IP (548 of DHCP). */
    public static final int MIN_MAX_MESSAGE = 576;

    /**
     * The options that say what a message asks for (RFC 2131 §4.3: its type, the address it asks
     * for, the server it chose). A message with one of them malformed is refused whole. Any other
     * known option whose value does not fit its type is kept as its raw bytes and reads as absent
     * ({@link DhcpOptions#get}), as dnsmasq reads it: a one-byte option 93 is a client that names
     * no architecture, not a packet to drop.
     */
    private static final List<Integer> STRICT = List.of(50, 53, 54);

    private static final byte[] COOKIE = {99, (byte) 130, 83, 99};
    private static final int SNAME_OFFSET = 44;
    private static final int FILE_OFFSET = 108;
    private static final int OPTIONS_OFFSET = 240;

    private DhcpCodec() {
    }

    /** Decodes the whole of {@code packet}. */
    public static DhcpMessage decode(byte[] packet) throws DhcpDecodeException {
        return decode(packet, 0, packet.length);
    }

    /** Decodes {@code length} bytes of {@code packet} from {@code offset}; offsets in errors are relative to it. */
    public static DhcpMessage decode(byte[] packet, int offset, int length) throws DhcpDecodeException {
        byte[] p = Arrays.copyOfRange(packet, offset, offset + length);
        if (p.length < HEADER_LENGTH) {
            throw new DhcpDecodeException("header", p.length, "packet of " + p.length + " bytes (expected: at least " + (HEADER_LENGTH + 4) + ")");
        }
        if (p.length < OPTIONS_OFFSET) {
            throw new DhcpDecodeException("magic cookie", HEADER_LENGTH, "missing (packet of " + p.length + " bytes)");
        }
        for (int i = 0; i < 4; i++) {
            if (p[HEADER_LENGTH + i] != COOKIE[i]) {
                throw new DhcpDecodeException("magic cookie", HEADER_LENGTH, "not 99.130.83.99");
            }
        }
        DhcpOp op = switch (p[0]) {
            case 1 -> DhcpOp.BOOTREQUEST;
            case 2 -> DhcpOp.BOOTREPLY;
            default -> throw new DhcpDecodeException("op", 0, "value " + (p[0] & 0xff) + " (expected: 1 or 2)");
        };
        int hlen = p[2] & 0xff;
        if (hlen > 16) {
            throw new DhcpDecodeException("hlen", 2, "value " + hlen + " (expected: 0..16)");
        }
        DhcpOptions.Builder options = DhcpOptions.builder();
        Map<Integer, Integer> firstOffset = new HashMap<>();
        readOptions(p, OPTIONS_OFFSET, p.length, options, firstOffset, "options");
        DhcpOptions parsed = options.build();

        byte[] sname = Arrays.copyOfRange(p, SNAME_OFFSET, SNAME_OFFSET + 64);
        byte[] file = Arrays.copyOfRange(p, FILE_OFFSET, FILE_OFFSET + 128);
        byte[] overload = parsed.rawUnsafe(OptionKey.OVERLOAD.code());
        if (overload != null) {
            int at = firstOffset.get(OptionKey.OVERLOAD.code());
            if (overload.length != 1 || overload[0] < 1 || overload[0] > 3) {
                throw new DhcpDecodeException("option 52", at, "overload value must be one byte 1..3");
            }
            options.remove(OptionKey.OVERLOAD);
            // RFC 3396 §5: concatenate options, then file, then sname.
            if ((overload[0] & 1) != 0) {
                readOptions(p, FILE_OFFSET, FILE_OFFSET + 128, options, firstOffset, "file");
                file = new byte[128];
            }
            if ((overload[0] & 2) != 0) {
                readOptions(p, SNAME_OFFSET, SNAME_OFFSET + 64, options, firstOffset, "sname");
                sname = new byte[64];
            }
            parsed = options.build();
        }
        for (int code : STRICT) {
            Optional<OptionKey<?>> key = OptionKey.known(code);
            if (key.isPresent() && parsed.contains(code)) {
                String problem = key.get().type().check(parsed.rawUnsafe(code));
                if (problem != null) {
                    throw new DhcpDecodeException("option " + code + " (" + key.get().name() + ")", firstOffset.get(code), problem);
                }
            }
        }
        return DhcpMessage.builder()
                .op(op)
                .htype(p[1] & 0xff)
                .hlen(hlen)
                .hops(p[3] & 0xff)
                .xid(((p[4] & 0xff) << 24) | ((p[5] & 0xff) << 16) | ((p[6] & 0xff) << 8) | (p[7] & 0xff))
                .secs(((p[8] & 0xff) << 8) | (p[9] & 0xff))
                .flags(((p[10] & 0xff) << 8) | (p[11] & 0xff))
                .ciaddr(OptionType.Bytes.inet4(p, 12))
                .yiaddr(OptionType.Bytes.inet4(p, 16))
                .siaddr(OptionType.Bytes.inet4(p, 20))
                .giaddr(OptionType.Bytes.inet4(p, 24))
                .chaddr(Arrays.copyOfRange(p, 28, 44))
                .snameBytes(sname)
                .fileBytes(file)
                .options(parsed)
                .build();
    }

    private static void readOptions(byte[] p, int from, int to, DhcpOptions.Builder out,
                                    Map<Integer, Integer> firstOffset, String area) throws DhcpDecodeException {
        int i = from;
        while (i < to) {
            int code = p[i] & 0xff;
            if (code == 0) {
                i++;
                continue;
            }
            if (code == 255) {
                return;
            }
            if (i + 1 >= to) {
                throw new DhcpDecodeException("option " + code, i, "length byte past the end of " + area);
            }
            int len = p[i + 1] & 0xff;
            if (i + 2 + len > to) {
                throw new DhcpDecodeException("option " + code, i, "length " + len + " runs past the end of " + area);
            }
            if (code == OptionKey.OVERLOAD.code() && !area.equals("options")) {
                throw new DhcpDecodeException("option 52", i, "overload inside " + area + " (a loop)");
            }
            byte[] value = Arrays.copyOfRange(p, i + 2, i + 2 + len);
            out.append(code, value);
            firstOffset.putIfAbsent(code, i);
            i += 2 + len;
        }
        // No end option: tolerated, as most servers do; the area's bounds end the list.
    }

    /** Encodes {@code m}: header, cookie, options, end, zero padding to {@link #MIN_PACKET}. */
    public static byte[] encode(DhcpMessage m) {
        int len = Math.max(MIN_PACKET, encodedLength(m));
        byte[] p = new byte[len];
        p[0] = (byte) m.op().code();
        p[1] = (byte) m.htype();
        p[2] = (byte) m.hlen();
        p[3] = (byte) m.hops();
        OptionType.Bytes.putU32(p, 4, m.xid() & 0xffffffffL);
        p[8] = (byte) (m.secs() >> 8);
        p[9] = (byte) m.secs();
        p[10] = (byte) (m.flags() >> 8);
        p[11] = (byte) m.flags();
        put(p, 12, m.ciaddr());
        put(p, 16, m.yiaddr());
        put(p, 20, m.siaddr());
        put(p, 24, m.giaddr());
        System.arraycopy(m.chaddr(), 0, p, 28, 16);
        System.arraycopy(m.snameBytes(), 0, p, SNAME_OFFSET, 64);
        System.arraycopy(m.fileBytes(), 0, p, FILE_OFFSET, 128);
        System.arraycopy(COOKIE, 0, p, HEADER_LENGTH, 4);
        int i = OPTIONS_OFFSET;
        DhcpOptions o = m.options();
        for (int code : encodingOrder(o)) {
            byte[] v = o.rawUnsafe(code);
            int pos = 0;
            do { // RFC 3396 §6: split into instances of at most 255 bytes; an empty value is one instance.
                int n = Math.min(255, v.length - pos);
                p[i++] = (byte) code;
                p[i++] = (byte) n;
                System.arraycopy(v, pos, p, i, n);
                i += n;
                pos += n;
            } while (pos < v.length);
        }
        p[i] = (byte) 255;
        return p;
    }

    /** Length of {@code m} encoded, before padding to {@link #MIN_PACKET}. */
    public static int encodedLength(DhcpMessage m) {
        int n = OPTIONS_OFFSET + 1;
        DhcpOptions o = m.options();
        for (int code : o.codes()) {
            n += optionLength(o.rawUnsafe(code).length);
        }
        return n;
    }

    /** Bytes one option takes on the wire with a value of {@code valueLength} bytes, split as RFC 3396 says. */
    public static int optionLength(int valueLength) {
        int instances = Math.max(1, (valueLength + 254) / 255);
        return valueLength + 2 * instances;
    }

    private static List<Integer> encodingOrder(DhcpOptions o) {
        List<Integer> order = new ArrayList<>(o.size());
        int type = OptionKey.MESSAGE_TYPE.code();
        int relay = OptionKey.RELAY_AGENT_INFO.code();
        if (o.contains(type)) {
            order.add(type);
        }
        for (int code : o.codes()) {
            if (code != type && code != relay) {
                order.add(code);
            }
        }
        if (o.contains(relay)) {
            order.add(relay);
        }
        return order;
    }

    private static void put(byte[] p, int at, Inet4Address a) {
        System.arraycopy(a.getAddress(), 0, p, at, 4);
    }
}
