package org.bootnode.tftp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The options of a request or an OACK (RFC 2347): names are case-insensitive and kept in lower
 * case, in the order they came; values are kept as text. Unknown options are kept too (a server
 * ignores them by leaving them out of its OACK).
 *
 * <pre>
 *  +-------+---~~---+---+---~~---+---+---~~---+---+---~~---+---+
 *  |  ...  |  opt1  | 0 | value1 | 0 |  optN  | 0 | valueN | 0 |
 *  +-------+---~~---+---+---~~---+---+---~~---+---+---~~---+---+
 * </pre>
 */
public final class TftpOptions {
    /** Block size (RFC 2348): 8..65464. */
    public static final String BLKSIZE = "blksize";
    /** Retransmission timeout in seconds (RFC 2349): 1..255. */
    public static final String TIMEOUT = "timeout";
    /** Transfer size (RFC 2349): 0 in an RRQ, the size in a WRQ and in the OACK. */
    public static final String TSIZE = "tsize";
    /** Window size in blocks (RFC 7440): 1..65535. */
    public static final String WINDOWSIZE = "windowsize";

    /** Smallest block size of RFC 2348. */
    public static final int MIN_BLKSIZE = 8;
    /** Largest block size of RFC 2348 (a 65535-byte IP datagram less headers). */
    public static final int MAX_BLKSIZE = 65464;
    /** The block size without options (RFC 1350). */
    public static final int DEFAULT_BLKSIZE = 512;

    private static final TftpOptions EMPTY = new TftpOptions(Map.of());

    private final Map<String, String> values;

    private TftpOptions(Map<String, String> values) {
        this.values = values;
    }

    /** No options. */
    public static TftpOptions empty() {
        return EMPTY;
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.values.putAll(values);
        return b;
    }

    /** The value of an option (name in any case), or empty. */
    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name.toLowerCase(Locale.ROOT)));
    }

    /** True when the option is present. */
    public boolean contains(String name) {
        return values.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /**
     * The option as a decimal number, or empty when absent.
     *
     * @throws TftpProtocolException (ERROR 8) when present but not a number in {@code min..max}
     */
    public OptionalLong number(String name, long min, long max) throws TftpProtocolException {
        String value = values.get(name.toLowerCase(Locale.ROOT));
        if (value == null) {
            return OptionalLong.empty();
        }
        long n = parse(name, value);
        if (n < min || n > max) {
            throw new TftpProtocolException(TftpErrorCode.OPTION_REFUSED, "option " + name, -1,
                    value + " (expected: " + min + ".." + max + ")");
        }
        return OptionalLong.of(n);
    }

    private static long parse(String name, String value) throws TftpProtocolException {
        if (value.isEmpty() || value.length() > 18) {
            throw new TftpProtocolException(TftpErrorCode.OPTION_REFUSED, "option " + name, -1,
                    "'" + value + "' is not a number");
        }
        long n = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw new TftpProtocolException(TftpErrorCode.OPTION_REFUSED, "option " + name, -1,
                        "'" + value + "' is not a number");
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** Option names in order, lower case. */
    public Set<String> names() {
        return Collections.unmodifiableSet(values.keySet());
    }

    /** Names to values in order, lower-case names. */
    public Map<String, String> asMap() {
        return Collections.unmodifiableMap(values);
    }

    /** Number of options. */
    public int size() {
        return values.size();
    }

    /** True when there is no option. */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        // Order matters on the wire, so it matters here.
        return o instanceof TftpOptions other
                && other.values.equals(values)
                && String.join("\0", other.values.keySet()).equals(String.join("\0", values.keySet()));
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }

    /** Builds {@link TftpOptions}; a name may be given once. */
    public static final class Builder {
        private final LinkedHashMap<String, String> values = new LinkedHashMap<>();

        private Builder() {}

        /** Adds or replaces an option; names and values must be non-empty and hold no NUL. */
        public Builder put(String name, String value) {
            checkText("option name", name, false);
            checkText("option value", value, true);
            values.put(name.toLowerCase(Locale.ROOT), value);
            return this;
        }

        /** Adds or replaces a numeric option. */
        public Builder put(String name, long value) {
            return put(name, Long.toString(value));
        }

        /** Removes an option. */
        public Builder remove(String name) {
            values.remove(name.toLowerCase(Locale.ROOT));
            return this;
        }

        boolean has(String name) {
            return values.containsKey(name.toLowerCase(Locale.ROOT));
        }

        /** The options. */
        public TftpOptions build() {
            return values.isEmpty() ? EMPTY : new TftpOptions(Collections.unmodifiableMap(new LinkedHashMap<>(values)));
        }

        private static void checkText(String what, String s, boolean emptyOk) {
            if (s == null || (!emptyOk && s.isEmpty())) {
                throw new IllegalArgumentException(what + ": empty (expected: at least one character)");
            }
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == 0 || c > 0xFF) {
                    throw new IllegalArgumentException(what + ": '" + s + "' (expected: no NUL, Latin-1 only)");
                }
            }
        }
    }
}
