package org.bootnode.dhcp;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.bootnode.dhcp.internal.Inet4;

/**
 * One DHCP option's value as an admin writes it in a configuration file, parsed to its bytes:
 * {@code OptionValue.parse("mtu", "9000")}, {@code OptionValue.parse(252, "string", "http://x/wpad.dat")}.
 * Put it into a reply's options with {@link DhcpOptions.Builder#put(OptionValue)}.
 *
 * <p>Value types ({@link #TYPES}): {@code ip}, {@code ips} (separated by commas or blanks),
 * {@code u8}, {@code u16}, {@code u32}, {@code string}, {@code hex} ({@code 01:02:ab} or
 * {@code 0102ab}), {@code bool} ({@code true}/{@code false}), {@code domains} (option 119's
 * list, comma-separated) and {@code routes} (option 121: {@code 10.9.0.0/16 10.1.0.1}, comma-separated).
 * An option bootnode knows has its own type, and a different one is refused; some have a
 * narrower range ({@code option 26: 70000 (expected: u16 68..65535)}). Options the server itself
 * sets (message type, server identifier, lease times, client identifier, relay information...)
 * cannot be configured. Every mistake is an {@link IllegalArgumentException} naming the option.
 */
public final class OptionValue {
    /** The value types an option can be written in. */
    public static final Set<String> TYPES = Set.of("ip", "ips", "u8", "u16", "u32", "string", "hex", "bool", "domains", "routes");

    /** Names an admin may use instead of a number. */
    private static final Map<String, Integer> NAMES = Map.ofEntries(
            Map.entry("subnet-mask", 1), Map.entry("routers", 3), Map.entry("dns-servers", 6), Map.entry("host-name", 12),
            Map.entry("domain-name", 15), Map.entry("mtu", 26), Map.entry("broadcast-address", 28),
            Map.entry("ntp-servers", 42), Map.entry("tftp-server-name", 66), Map.entry("bootfile-name", 67),
            Map.entry("domain-search", 119), Map.entry("static-routes", 121));

    /** Options whose value the protocol decides (RFC 2131, 2132 §9, 3046, 6842): never configured. */
    private static final Set<Integer> SET_BY_SERVER = Set.of(50, 51, 52, 53, 54, 55, 57, 58, 59, 61, 82);

    private final int code;
    private final byte[] bytes;

    private OptionValue(int code, byte[] bytes) {
        this.code = code;
        this.bytes = bytes;
    }

    /**
     * Parses the value of an option named by a known name ({@code mtu}, {@code ntp-servers},
     * {@code domain-search}, {@code static-routes}, ...) or by its number, in the option's own type.
     */
    public static OptionValue parse(String option, String text) {
        int code = code(option);
        String type = knownType(code);
        if (type == null) {
            throw new IllegalArgumentException("option " + option + ": no type known (expected: a type, one of "
                    + String.join(", ", new TreeSet<>(TYPES)) + ")");
        }
        return parse(code, type, text);
    }

    /** Parses {@code text} as a value of {@code type} (one of {@link #TYPES}) for option {@code code}. */
    public static OptionValue parse(int code, String type, String text) {
        if (code < 1 || code > 254) {
            throw new IllegalArgumentException("option " + code + ": (expected: a code 1..254)");
        }
        String what = "option " + code;
        if (SET_BY_SERVER.contains(code)) {
            throw new IllegalArgumentException(what + ": set by the server (expected: an option the server does not set itself)");
        }
        String t = type.toLowerCase(Locale.ROOT);
        if (!TYPES.contains(t)) {
            throw new IllegalArgumentException(what + ": type " + type + " (expected: one of "
                    + String.join(", ", new TreeSet<>(TYPES)) + ")");
        }
        String known = knownType(code);
        if (known != null && !known.equals(t)) {
            throw new IllegalArgumentException(what + ": type " + type + " (expected: " + known + ")");
        }
        String v = text == null ? "" : text.trim();
        try {
            return new OptionValue(code, bytes(code, t, v));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + v + " (expected: " + expected(code, t) + ")", e);
        }
    }

    /** The option code of a name or number. */
    static int code(String option) {
        Integer named = NAMES.get(option.toLowerCase(Locale.ROOT));
        if (named != null) {
            return named;
        }
        try {
            int code = Integer.parseInt(option.trim());
            if (code >= 1 && code <= 254) {
                return code;
            }
        } catch (NumberFormatException e) {
            // not a number either: below
        }
        throw new IllegalArgumentException("option " + option + ": unknown (expected: a code 1..254 or one of "
                + String.join(", ", new TreeSet<>(NAMES.keySet())) + ")");
    }

    /** The text type of an option bootnode knows, or null. */
    static String knownType(int code) {
        OptionType<?> t = OptionKey.known(code).map(OptionKey::type).orElse(null);
        if (t == null) {
            return null;
        }
        if (t == OptionType.ADDRESS) {
            return "ip";
        } else if (t == OptionType.ADDRESSES) {
            return "ips";
        } else if (t == OptionType.U8) {
            return "u8";
        } else if (t == OptionType.U16) {
            return "u16";
        } else if (t == OptionType.U32 || t == OptionType.SECONDS) {
            return "u32";
        } else if (t == OptionType.TEXT) {
            return "string";
        } else if (t == OptionType.DOMAINS) {
            return "domains";
        } else if (t == OptionType.ROUTES) {
            return "routes";
        }
        return "hex";
    }

    private static String expected(int code, String type) {
        return switch (type) {
            case "u8" -> "u8 0..255";
            case "u16" -> code == OptionKey.MTU.code() ? "u16 68..65535" : "u16 0..65535";
            case "u32" -> "u32 0..4294967295";
            case "ip" -> "ip, e.g. 10.0.0.1";
            case "ips" -> "ips, e.g. 10.0.0.1, 10.0.0.2";
            case "string" -> "string, not empty";
            case "hex" -> "hex, e.g. 01:02:ab";
            case "bool" -> "bool, true or false";
            case "domains" -> "domains, e.g. cluster.local, example.org";
            default -> "routes, e.g. 10.9.0.0/16 10.1.0.1, 0.0.0.0/0 10.1.0.1";
        };
    }

    private static byte[] bytes(int code, String type, String v) {
        return switch (type) {
            case "u8" -> OptionType.U8.write((int) number(v, 0, 0xff));
            case "u16" -> OptionType.U16.write((int) number(v, code == OptionKey.MTU.code() ? 68 : 0, 0xffff));
            case "u32" -> OptionType.U32.write(number(v, 0, 0xffffffffL));
            case "ip" -> OptionType.ADDRESS.write(Inet4.parse(v));
            case "ips" -> OptionType.ADDRESSES.write(addresses(v));
            case "string" -> OptionType.TEXT.write(v);
            case "hex" -> hex(v);
            case "bool" -> switch (v.toLowerCase(Locale.ROOT)) {
                case "true" -> new byte[] {1};
                case "false" -> new byte[] {0};
                default -> throw new IllegalArgumentException("not a bool");
            };
            case "domains" -> OptionType.DOMAINS.write(items(v));
            default -> {
                List<ClasslessRoute> routes = new ArrayList<>();
                for (String r : items(v)) {
                    routes.add(ClasslessRoute.parse(r));
                }
                yield OptionType.ROUTES.write(routes);
            }
        };
    }

    private static long number(String v, long min, long max) {
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number", e);
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("out of range");
        }
        return n;
    }

    private static List<Inet4Address> addresses(String v) {
        List<Inet4Address> out = new ArrayList<>();
        for (String a : v.split("[,\\s]+")) {
            if (!a.isEmpty()) {
                out.add(Inet4.parse(a));
            }
        }
        return out;
    }

    private static List<String> items(String v) {
        List<String> out = new ArrayList<>();
        for (String item : v.split(",")) {
            if (!item.isBlank()) {
                out.add(item.trim());
            }
        }
        return out;
    }

    private static byte[] hex(String v) {
        String digits = v.replaceAll("[:\\s]", "");
        if (digits.isEmpty()) {
            throw new IllegalArgumentException("empty");
        }
        return HexFormat.of().parseHex(digits);
    }

    /** The option code, 1..254. */
    public int code() {
        return code;
    }

    /** A copy of the value's bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    byte[] bytesUnsafe() {
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OptionValue v && v.code == code && Arrays.equals(v.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return 31 * code + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "option " + code + " = " + HexFormat.of().formatHex(bytes);
    }
}
