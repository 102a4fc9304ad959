package org.bootnode.dhcp;

import java.net.Inet4Address;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A typed key into {@link DhcpOptions}: the option code, its name and its {@link OptionType}.
 * The constants are the options of RFC 2132, 3046, 4578 and iPXE that bootnode reads or writes;
 * any other code is reachable with {@link #raw(int)} and round-trips as bytes.
 *
 * @param <T> the Java type of the option's value
 */
public final class OptionKey<T> {
    private static final Map<Integer, OptionKey<?>> KNOWN = new TreeMap<>();

    public static final OptionKey<Inet4Address> SUBNET_MASK = define(1, "subnet-mask", OptionType.ADDRESS);
    public static final OptionKey<List<Inet4Address>> ROUTER = define(3, "router", OptionType.ADDRESSES);
    public static final OptionKey<List<Inet4Address>> DNS_SERVERS = define(6, "domain-name-servers", OptionType.ADDRESSES);
    public static final OptionKey<String> HOST_NAME = define(12, "host-name", OptionType.TEXT);
    public static final OptionKey<String> DOMAIN_NAME = define(15, "domain-name", OptionType.TEXT);
    /** Interface MTU (RFC 2132 §5.1): 68 or more. */
    public static final OptionKey<Integer> MTU = define(26, "interface-mtu", OptionType.U16);
    public static final OptionKey<Inet4Address> BROADCAST_ADDRESS = define(28, "broadcast-address", OptionType.ADDRESS);
    public static final OptionKey<List<Inet4Address>> NTP_SERVERS = define(42, "ntp-servers", OptionType.ADDRESSES);
    /** Vendor-specific information; for PXE clients, PXE sub-options (PXE 2.1 §2.4). */
    public static final OptionKey<byte[]> VENDOR_SPECIFIC = define(43, "vendor-encapsulated-options", OptionType.BYTES);
    public static final OptionKey<Inet4Address> REQUESTED_ADDRESS = define(50, "requested-address", OptionType.ADDRESS);
    public static final OptionKey<Duration> LEASE_TIME = define(51, "lease-time", OptionType.SECONDS);
    /** Option overload (RFC 2132 §9.3): 1 file, 2 sname, 3 both. */
    public static final OptionKey<Integer> OVERLOAD = define(52, "option-overload", OptionType.U8);
    public static final OptionKey<Integer> MESSAGE_TYPE = define(53, "message-type", OptionType.U8);
    public static final OptionKey<Inet4Address> SERVER_ID = define(54, "server-identifier", OptionType.ADDRESS);
    public static final OptionKey<List<Integer>> PARAMETER_REQUEST_LIST = define(55, "parameter-request-list", OptionType.U8_LIST);
    public static final OptionKey<String> MESSAGE = define(56, "message", OptionType.TEXT);
    public static final OptionKey<Integer> MAX_MESSAGE_SIZE = define(57, "max-message-size", OptionType.U16);
    public static final OptionKey<Duration> RENEWAL_TIME = define(58, "renewal-time", OptionType.SECONDS);
    public static final OptionKey<Duration> REBINDING_TIME = define(59, "rebinding-time", OptionType.SECONDS);
    public static final OptionKey<String> VENDOR_CLASS = define(60, "vendor-class-identifier", OptionType.TEXT);
    public static final OptionKey<byte[]> CLIENT_ID = define(61, "client-identifier", OptionType.BYTES);
    public static final OptionKey<String> TFTP_SERVER_NAME = define(66, "tftp-server-name", OptionType.TEXT);
    public static final OptionKey<String> BOOT_FILE_NAME = define(67, "bootfile-name", OptionType.TEXT);
    /** User class: RFC 3004's length-prefixed list, or iPXE's bare {@code iPXE}. Kept raw. */
    public static final OptionKey<byte[]> USER_CLASS = define(77, "user-class", OptionType.BYTES);
    public static final OptionKey<SubOptions> RELAY_AGENT_INFO = define(82, "relay-agent-information", OptionType.SUB_OPTIONS);
    public static final OptionKey<List<Integer>> CLIENT_ARCH = define(93, "client-system-architecture", OptionType.U16_LIST);
    /** Client network interface identifier (RFC 4578 §2.2): type 1, major, minor. */
    public static final OptionKey<byte[]> CLIENT_NDI = define(94, "client-ndi", OptionType.BYTES);
    /** Client machine identifier (RFC 4578 §2.3): type 0 and a 16-byte GUID. */
    public static final OptionKey<byte[]> CLIENT_UUID = define(97, "uuid-guid", OptionType.BYTES);
    /** Domain search list (RFC 3397), compressed on writing. */
    public static final OptionKey<List<String>> DOMAIN_SEARCH = define(119, "domain-search", OptionType.DOMAINS);
    /** Classless static routes (RFC 3442). */
    public static final OptionKey<List<ClasslessRoute>> CLASSLESS_STATIC_ROUTES = define(121, "classless-static-routes",
            OptionType.ROUTES);
    /** iPXE's encapsulated options (feature flags; 176 no-pxedhcp). */
    public static final OptionKey<SubOptions> IPXE_ENCAP = define(175, "ipxe-encap", OptionType.SUB_OPTIONS);

    private final int code;
    private final String name;
    private final OptionType<T> type;

    private OptionKey(int code, String name, OptionType<T> type) {
        this.code = code;
        this.name = name;
        this.type = type;
    }

    private static <T> OptionKey<T> define(int code, String name, OptionType<T> type) {
        OptionKey<T> k = new OptionKey<>(code, name, type);
        KNOWN.put(code, k);
        return k;
    }

    /** A key of any type for any code 1..254 (used for options bootnode does not know). */
    public static <T> OptionKey<T> of(int code, String name, OptionType<T> type) {
        checkCode(code);
        return new OptionKey<>(code, name, type);
    }

    /** The raw key for {@code code}. */
    public static OptionKey<byte[]> raw(int code) {
        checkCode(code);
        return new OptionKey<>(code, "option-" + code, OptionType.BYTES);
    }

    /** The well-known key for {@code code}, if bootnode defines one. */
    public static Optional<OptionKey<?>> known(int code) {
        return Optional.ofNullable(KNOWN.get(code));
    }

    static void checkCode(int code) {
        if (code < 1 || code > 254) {
            throw new IllegalArgumentException("option code: " + code + " (expected: 1..254)");
        }
    }

    public int code() {
        return code;
    }

    public String name() {
        return name;
    }

    public OptionType<T> type() {
        return type;
    }

    @Override
    public String toString() {
        return name + "(" + code + ")";
    }
}
