package org.bootnode.dhcp;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Encapsulated sub-options: a sequence of code, length, value, as in option 43 (PXE), 82 (relay
 * agent information, RFC 3046) and 175 (iPXE). Codes 0 (pad) and 255 (end) carry no length;
 * {@code endMarker} says whether 255 closes the list (PXE firmware expects it in option 43).
 *
 * <pre>
 * +------+-----+---------+------+-----+---------+-----+
 * | code | len | value   | code | len | value   | 255 |
 * +------+-----+---------+------+-----+---------+-----+
 * </pre>
 */
public final class SubOptions {
    private final List<Entry> entries;
    private final boolean endMarker;

    /** One sub-option. The value is copied in and out. */
    public record Entry(int code, byte[] value) {
        public Entry {
            if (code < 1 || code > 254) {
                throw new IllegalArgumentException("sub-option code: " + code + " (expected: 1..254)");
            }
            if (value.length > 255) {
                throw new IllegalArgumentException("sub-option " + code + " length: " + value.length + " (expected: 0..255)");
            }
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Entry e && e.code == code && Arrays.equals(e.value, value);
        }

        @Override
        public int hashCode() {
            return 31 * code + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return code + "=" + HexFormat.of().formatHex(value);
        }
    }

    private SubOptions(List<Entry> entries, boolean endMarker) {
        this.entries = List.copyOf(entries);
        this.endMarker = endMarker;
    }

    /** Sub-options in this order, with or without a closing 255. */
    public static SubOptions of(List<Entry> entries, boolean endMarker) {
        return new SubOptions(entries, endMarker);
    }

    /**
     * Reads sub-options as far as they are well formed: a length running past the end stops the
     * reading there (the raw option still round-trips through the message's option map).
     */
    public static SubOptions parseLenient(byte[] b) {
        List<Entry> out = new ArrayList<>();
        boolean end = false;
        int i = 0;
        while (i < b.length) {
            int code = b[i] & 0xff;
            if (code == 0) {
                i++;
                continue;
            }
            if (code == 255) {
                end = true;
                break;
            }
            if (i + 1 >= b.length) {
                break;
            }
            int len = b[i + 1] & 0xff;
            if (i + 2 + len > b.length) {
                break;
            }
            out.add(new Entry(code, Arrays.copyOfRange(b, i + 2, i + 2 + len)));
            i += 2 + len;
        }
        return new SubOptions(out, end);
    }

    public List<Entry> entries() {
        return entries;
    }

    public boolean endMarker() {
        return endMarker;
    }

    /** The first sub-option with this code. */
    public Optional<byte[]> get(int code) {
        for (Entry e : entries) {
            if (e.code() == code) {
                return Optional.of(e.value());
            }
        }
        return Optional.empty();
    }

    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Entry e : entries) {
            out.write(e.code());
            out.write(e.value.length);
            out.write(e.value, 0, e.value.length);
        }
        if (endMarker) {
            out.write(255);
        }
        return out.toByteArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SubOptions s && s.entries.equals(entries) && s.endMarker == endMarker;
    }

    @Override
    public int hashCode() {
        return entries.hashCode() * 2 + (endMarker ? 1 : 0);
    }

    @Override
    public String toString() {
        return entries + (endMarker ? "+end" : "");
    }
}
