package org.bootnode.dhcp;

import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The options of a DHCP message: an immutable map from option code to the option's bytes, sorted
 * by code. A value is the concatenation of every instance of its code in the packet (RFC 3396),
 * so it may be longer than 255 bytes; the encoder splits it again. Typed reads go through
 * {@link OptionKey}; unknown codes keep their bytes exactly.
 */
public final class DhcpOptions {
    private static final DhcpOptions EMPTY = new DhcpOptions(new TreeMap<>());

    private final TreeMap<Integer, byte[]> values;

    private DhcpOptions(TreeMap<Integer, byte[]> values) {
        this.values = values;
    }

    public static DhcpOptions empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder(new TreeMap<>());
    }

    public Builder toBuilder() {
        return new Builder(new TreeMap<>(values));
    }

    /**
     * The typed value of {@code key}, if present and well formed. A value whose bytes do not fit
     * the key's type (a decoded option 93 of one byte) reads as absent; {@link #raw} still has it.
     */
    public <T> Optional<T> get(OptionKey<T> key) {
        byte[] b = values.get(key.code());
        if (b == null || key.type().check(b) != null) {
            return Optional.empty();
        }
        return Optional.of(key.type().read(b));
    }

    /** A copy of the raw bytes of option {@code code}. */
    public Optional<byte[]> raw(int code) {
        byte[] b = values.get(code);
        return b == null ? Optional.empty() : Optional.of(b.clone());
    }

    public boolean contains(OptionKey<?> key) {
        return values.containsKey(key.code());
    }

    public boolean contains(int code) {
        return values.containsKey(code);
    }

    /** Option codes present, ascending. */
    public Set<Integer> codes() {
        return Collections.unmodifiableSet(values.keySet());
    }

    public int size() {
        return values.size();
    }

    /** Bytes of {@code code} without copying, for the codec. */
    byte[] rawUnsafe(int code) {
        return values.get(code);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DhcpOptions other) || other.values.size() != values.size()) {
            return false;
        }
        for (Map.Entry<Integer, byte[]> e : values.entrySet()) {
            if (!Arrays.equals(e.getValue(), other.values.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 0;
        for (Map.Entry<Integer, byte[]> e : values.entrySet()) {
            h += e.getKey() ^ Arrays.hashCode(e.getValue());
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<Integer, byte[]> e : values.entrySet()) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            Optional<OptionKey<?>> k = OptionKey.known(e.getKey());
            sb.append(k.map(OptionKey::name).orElse("option-" + e.getKey())).append('=')
                    .append(HexFormat.of().formatHex(e.getValue()));
        }
        return sb.append('}').toString();
    }

    /** Builds {@link DhcpOptions}; a later put of the same code replaces the earlier one. */
    public static final class Builder {
        private final TreeMap<Integer, byte[]> values;

        private Builder(TreeMap<Integer, byte[]> values) {
            this.values = values;
        }

        public <T> Builder put(OptionKey<T> key, T value) {
            byte[] b = key.type().write(value);
            String problem = key.type().check(b);
            if (problem != null) {
                throw new IllegalArgumentException(key + ": " + problem);
            }
            values.put(key.code(), b);
            return this;
        }

        /** Puts a value parsed from text (a configured option). */
        public Builder put(OptionValue value) {
            values.put(value.code(), value.bytesUnsafe().clone());
            return this;
        }

        /** Puts every option of {@code other}, replacing those of the same code (later wins). */
        public Builder putAll(DhcpOptions other) {
            for (Map.Entry<Integer, byte[]> e : other.values.entrySet()) {
                values.put(e.getKey(), e.getValue().clone());
            }
            return this;
        }

        /** Puts raw bytes for any code 1..254 (any length: long values are split on encoding). */
        public Builder putRaw(int code, byte[] value) {
            OptionKey.checkCode(code);
            values.put(code, value.clone());
            return this;
        }

        /** Appends bytes to an option, as RFC 3396 concatenation does. */
        Builder append(int code, byte[] value) {
            byte[] old = values.get(code);
            if (old == null) {
                values.put(code, value.clone());
            } else {
                byte[] joined = Arrays.copyOf(old, old.length + value.length);
                System.arraycopy(value, 0, joined, old.length, value.length);
                values.put(code, joined);
            }
            return this;
        }

        public Builder remove(int code) {
            values.remove(code);
            return this;
        }

        public Builder remove(OptionKey<?> key) {
            return remove(key.code());
        }

        public DhcpOptions build() {
            return values.isEmpty() ? EMPTY : new DhcpOptions(new TreeMap<>(values));
        }
    }
}
