package org.bootnode.dhcp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How the value of a DHCP option is laid out in its bytes: a reader, a writer and a length check
 * that mirror each other. A typed read ({@link DhcpOptions#get}) checks the bytes with
 * {@link #check} first and reads a value that does not fit as absent, so it never fails.
 *
 * @param <T> the Java type of the value
 */
public abstract class OptionType<T> {
    /** One unsigned byte. */
    public static final OptionType<Integer> U8 = new Fixed<>(1) {
        @Override public Integer read(byte[] b) { return b[0] & 0xff; }
        @Override public byte[] write(Integer v) { range(v, 0, 0xff); return new byte[] {(byte) (int) v}; }
    };
    /** A 16-bit unsigned integer, network order. */
    public static final OptionType<Integer> U16 = new Fixed<>(2) {
        @Override public Integer read(byte[] b) { return ((b[0] & 0xff) << 8) | (b[1] & 0xff); }
        @Override public byte[] write(Integer v) { range(v, 0, 0xffff); return new byte[] {(byte) (v >> 8), (byte) (int) v}; }
    };
    /** A 32-bit unsigned integer, network order. */
    public static final OptionType<Long> U32 = new Fixed<>(4) {
        @Override public Long read(byte[] b) { return Bytes.u32(b, 0); }
        @Override public byte[] write(Long v) {
            if (v < 0 || v > 0xffffffffL) {
                throw new IllegalArgumentException("u32: " + v + " (expected: 0..4294967295)");
            }
            byte[] b = new byte[4];
            Bytes.putU32(b, 0, v);
            return b;
        }
    };
    /** A time in whole seconds as a 32-bit unsigned integer (0xffffffff means infinite). */
    public static final OptionType<Duration> SECONDS = new Fixed<>(4) {
        @Override public Duration read(byte[] b) { return Duration.ofSeconds(Bytes.u32(b, 0)); }
        @Override public byte[] write(Duration v) { return U32.write(Math.min(v.getSeconds(), 0xffffffffL)); }
    };
    /** One IPv4 address. */
    public static final OptionType<Inet4Address> ADDRESS = new Fixed<>(4) {
        @Override public Inet4Address read(byte[] b) { return Bytes.inet4(b, 0); }
        @Override public byte[] write(Inet4Address v) { return v.getAddress(); }
    };
    /** One or more IPv4 addresses. */
    public static final OptionType<List<Inet4Address>> ADDRESSES = new OptionType<>() {
        @Override public List<Inet4Address> read(byte[] b) {
            List<Inet4Address> out = new ArrayList<>(b.length / 4);
            for (int i = 0; i + 4 <= b.length; i += 4) {
                out.add(Bytes.inet4(b, i));
            }
            return List.copyOf(out);
        }
        @Override public byte[] write(List<Inet4Address> v) {
            if (v.isEmpty()) {
                throw new IllegalArgumentException("address list: empty (expected: at least one address)");
            }
            byte[] b = new byte[4 * v.size()];
            for (int i = 0; i < v.size(); i++) {
                System.arraycopy(v.get(i).getAddress(), 0, b, 4 * i, 4);
            }
            return b;
        }
        @Override public String check(byte[] b) {
            return b.length >= 4 && b.length % 4 == 0 ? null : "length " + b.length + " (expected: a multiple of 4)";
        }
    };
    /** Text: NVT ASCII in the RFC, read as UTF-8, a trailing NUL dropped (some clients send one). */
    public static final OptionType<String> TEXT = new OptionType<>() {
        @Override public String read(byte[] b) {
            int n = b.length;
            while (n > 0 && b[n - 1] == 0) {
                n--;
            }
            return new String(b, 0, n, StandardCharsets.UTF_8);
        }
        @Override public byte[] write(String v) {
            if (v.isEmpty()) {
                throw new IllegalArgumentException("text option: empty (expected: at least one character)");
            }
            return v.getBytes(StandardCharsets.UTF_8);
        }
        @Override public String check(byte[] b) {
            return b.length >= 1 ? null : "length 0 (expected: 1 or more)";
        }
    };
    /** A list of unsigned bytes, e.g. the parameter request list. */
    public static final OptionType<List<Integer>> U8_LIST = new OptionType<>() {
        @Override public List<Integer> read(byte[] b) {
            List<Integer> out = new ArrayList<>(b.length);
            for (byte x : b) {
                out.add(x & 0xff);
            }
            return List.copyOf(out);
        }
        @Override public byte[] write(List<Integer> v) {
            byte[] b = new byte[v.size()];
            for (int i = 0; i < b.length; i++) {
                range(v.get(i), 0, 0xff);
                b[i] = (byte) (int) v.get(i);
            }
            return b;
        }
        @Override public String check(byte[] b) {
            return b.length >= 1 ? null : "length 0 (expected: 1 or more)";
        }
    };
    /** A list of 16-bit unsigned integers, e.g. option 93's architectures. */
    public static final OptionType<List<Integer>> U16_LIST = new OptionType<>() {
        @Override public List<Integer> read(byte[] b) {
            List<Integer> out = new ArrayList<>(b.length / 2);
            for (int i = 0; i + 2 <= b.length; i += 2) {
                out.add(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff));
            }
            return List.copyOf(out);
        }
        @Override public byte[] write(List<Integer> v) {
            byte[] b = new byte[2 * v.size()];
            for (int i = 0; i < v.size(); i++) {
                range(v.get(i), 0, 0xffff);
                b[2 * i] = (byte) (v.get(i) >> 8);
                b[2 * i + 1] = (byte) (int) v.get(i);
            }
            return b;
        }
        @Override public String check(byte[] b) {
            return b.length >= 2 && b.length % 2 == 0 ? null : "length " + b.length + " (expected: a multiple of 2)";
        }
    };
    /** Raw bytes, any length: the fallback for options without a typed layout. */
    public static final OptionType<byte[]> BYTES = new OptionType<>() {
        @Override public byte[] read(byte[] b) { return b.clone(); }
        @Override public byte[] write(byte[] v) { return v.clone(); }
    };
    /** Encapsulated sub-options (option 43 for PXE, 82, 175). */
    public static final OptionType<SubOptions> SUB_OPTIONS = new OptionType<>() {
        @Override public SubOptions read(byte[] b) { return SubOptions.parseLenient(b); }
        @Override public byte[] write(SubOptions v) { return v.toBytes(); }
    };

    /** Domain names in DNS form with compression (option 119, RFC 3397); see {@link DomainList}. */
    public static final OptionType<List<String>> DOMAINS = new OptionType<>() {
        @Override public List<String> read(byte[] b) { return DomainList.read(b); }
        @Override public byte[] write(List<String> v) { return DomainList.write(v); }
        @Override public String check(byte[] b) { return problem(() -> DomainList.read(b)); }
    };
    /** Classless static routes (option 121, RFC 3442); see {@link ClasslessRoute}. */
    public static final OptionType<List<ClasslessRoute>> ROUTES = new OptionType<>() {
        @Override public List<ClasslessRoute> read(byte[] b) { return ClasslessRoute.read(b); }
        @Override public byte[] write(List<ClasslessRoute> v) { return ClasslessRoute.write(v); }
        @Override public String check(byte[] b) { return problem(() -> ClasslessRoute.read(b)); }
    };

    /** Reads a value from bytes that passed {@link #check}. */
    public abstract T read(byte[] bytes);

    /** Writes a value; {@link IllegalArgumentException} when it cannot be represented. */
    public abstract byte[] write(T value);

    /** Why {@code bytes} are not a valid value of this type, or {@code null} when they are. */
    public String check(byte[] bytes) {
        return null;
    }

    private static String problem(Runnable read) {
        try {
            read.run();
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    static void range(int v, int min, int max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException("value: " + v + " (expected: " + min + ".." + max + ")");
        }
    }

    private abstract static class Fixed<T> extends OptionType<T> {
        private final int length;

        Fixed(int length) {
            this.length = length;
        }

        @Override
        public String check(byte[] b) {
            return b.length == length ? null : "length " + b.length + " (expected: " + length + ")";
        }
    }

    /** Small byte helpers shared by the codec. */
    static final class Bytes {
        private Bytes() {
        }

        static long u32(byte[] b, int i) {
            return ((long) (b[i] & 0xff) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
        }

        static void putU32(byte[] b, int i, long v) {
            b[i] = (byte) (v >>> 24);
            b[i + 1] = (byte) (v >>> 16);
            b[i + 2] = (byte) (v >>> 8);
            b[i + 3] = (byte) v;
        }

        static Inet4Address inet4(byte[] b, int i) {
            try {
                return (Inet4Address) InetAddress.getByAddress(new byte[] {b[i], b[i + 1], b[i + 2], b[i + 3]});
            } catch (UnknownHostException e) {
                throw new AssertionError(e);
            }
        }
    }
}
