package org.bootnode.ipxe;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * A named iPXE setting, such as {@code net0/mac} or {@code net0/mac:hexhyp}: used as the
 * target of {@code set}, {@code clear} and {@code choose}, and, inside a {@link Value}, as a
 * reference {@code ${name:type}} that iPXE expands when the command runs.
 *
 * <p>The name is {@code [scope/]name}, where scope names a settings block ({@code net0},
 * {@code net0.dhcp}) and name a setting or a DHCP option number; the optional type
 * ({@code hexhyp}, {@code string}, {@code uristring}, ...) chooses how iPXE formats the value.
 *
 * @param name the setting's name with its optional scope, e.g. {@code net0/mac}
 * @param type the type, or null for the setting's own type
 */
public record Setting(String name, String type) implements Part {

    private static final Pattern NAME =
            Pattern.compile("[A-Za-z0-9_.][A-Za-z0-9_.\\-]*(/[A-Za-z0-9_.][A-Za-z0-9_.\\-]*)*");
    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9]+");

    /** {@code ${net0/mac}}: the first NIC's MAC address, colon-separated. */
    public static final Setting NET0_MAC = of("net0/mac");
    /** {@code ${net0/mac:hexhyp}}: the first NIC's MAC address, dash-separated. */
    public static final Setting NET0_MAC_HEXHYP = of("net0/mac").withType("hexhyp");
    /** {@code ${mac}}: the MAC address of the most recently opened NIC. */
    public static final Setting MAC = of("mac");
    /** {@code ${ip}}: the IPv4 address from DHCP. */
    public static final Setting IP = of("ip");
    /** {@code ${next-server}}: the DHCP siaddr. */
    public static final Setting NEXT_SERVER = of("next-server");
    /** {@code ${filename}}: the DHCP boot file name. */
    public static final Setting FILENAME = of("filename");
    /** {@code ${hostname}}: the host name from DHCP. */
    public static final Setting HOSTNAME = of("hostname");
    /** {@code ${buildarch}}: i386, x86_64, arm64, ... */
    public static final Setting BUILDARCH = of("buildarch");
    /** {@code ${platform}}: pcbios or efi. */
    public static final Setting PLATFORM = of("platform");
    /** {@code ${uuid}}: the SMBIOS system UUID. */
    public static final Setting UUID = of("uuid");
    /** {@code ${serial}}: the SMBIOS serial number. */
    public static final Setting SERIAL = of("serial");
    /** {@code ${manufacturer}}: the SMBIOS manufacturer. */
    public static final Setting MANUFACTURER = of("manufacturer");
    /** {@code ${product}}: the SMBIOS product name. */
    public static final Setting PRODUCT = of("product");
    /** {@code ${cwuri}}: the current working URI (where the script came from). */
    public static final Setting CWURI = of("cwuri");

    // Types whose formatted value never starts with '-' (it may be empty when unset).
    private static final Set<String> DASHLESS_TYPES = Set.of(
            "ipv4", "ipv6", "hex", "hexhyp", "hexraw", "uuid", "uint8", "uint16", "uint32",
            "busdevfn", "base64");
    // Built-in settings whose own type or fixed set of values never starts with '-'.
    private static final Set<String> DASHLESS_NAMES = Set.of(
            "mac", "ip", "netmask", "gateway", "dns", "next-server", "uuid", "buildarch",
            "platform", "busid", "ip6", "len6", "gateway6");

    /** Checks the name and type. */
    public Setting {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("setting name: " + name
                    + " (expected: [scope/]name of letters, digits, '_', '.', '-', not starting with '-')");
        }
        if (type != null && !TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("setting type: " + type + " (expected: letters and digits)");
        }
    }

    /** A setting with its own type: {@code of("net0/mac")}. */
    public static Setting of(String name) {
        return new Setting(name, null);
    }

    /**
     * Parses {@code [scope/]name[:type]}, as it appears inside {@code ${...}} or after
     * {@code set}.
     */
    public static Setting parse(String text) {
        int colon = text.indexOf(':');
        return colon < 0 ? of(text) : new Setting(text.substring(0, colon), text.substring(colon + 1));
    }

    /** The same setting formatted as {@code type}. */
    public Setting withType(String newType) {
        return new Setting(name, newType);
    }

    /** {@code name[:type]}, as written after {@code set} or {@code clear}. */
    public String qualifiedName() {
        return type == null ? name : name + ":" + type;
    }

    /** The reference {@code ${name[:type]}}. */
    @Override
    public String render() {
        return "${" + qualifiedName() + "}";
    }

    /**
     * Whether the expanded value might begin with {@code -}, which iPXE's option parser would
     * take for an option when it is a command's first argument.
     */
    boolean mayStartWithDash() {
        if (type != null) {
            return !DASHLESS_TYPES.contains(type);
        }
        String base = name.substring(name.lastIndexOf('/') + 1);
        return !DASHLESS_NAMES.contains(base);
    }

    @Override
    public String toString() {
        return render();
    }
}
