package org.bootnode.dhcp;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bootnode.dhcp.internal.Inet4;

/**
 * One route of option 121, classless static routes (RFC 3442): a destination subnet and the
 * router to reach it through. On the wire each route is the prefix length, only the significant
 * octets of the destination, then the router:
 *
 * <pre>
 * 10.229.0.128/25 via 10.0.0.1:  19 0a e5 00 80  0a 00 00 01
 *                                │  └ 4 octets  └ router
 *                                └ width 25 → ceil(25 / 8) = 4 octets
 * 0.0.0.0/0 via 10.0.0.1 (default route):  00  0a 00 00 01
 * </pre>
 *
 * RFC 3442 §2: a client that gets 121 ignores option 3, so a default route belongs in 121 too.
 *
 * @param destination the destination network, host bits cleared
 * @param prefix its prefix length, 0..32
 * @param router the router
 */
public record ClasslessRoute(Inet4Address destination, int prefix, Inet4Address router) {
    public ClasslessRoute {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(router, "router");
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("route prefix: " + prefix + " (expected: 0..32)");
        }
        destination = Inet4.of(Inet4.toInt(destination) & mask(prefix));
    }

    /** Parses {@code 10.9.0.0/16 10.1.0.1} (destination, blank, router; {@code via} between them is allowed). */
    public static ClasslessRoute parse(String text) {
        String[] parts = text.trim().split("\\s+");
        if (parts.length == 3 && parts[1].equalsIgnoreCase("via")) {
            parts = new String[] {parts[0], parts[2]};
        }
        int slash = parts[0].indexOf('/');
        if (parts.length != 2 || slash < 0) {
            throw new IllegalArgumentException("route: " + text + " (expected: destination/prefix router, e.g. 10.9.0.0/16 10.1.0.1)");
        }
        int prefix;
        try {
            prefix = Integer.parseInt(parts[0].substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("route: " + text + " (expected: a prefix length 0..32 after the /)", e);
        }
        return new ClasslessRoute(Inet4.parse(parts[0].substring(0, slash)), prefix, Inet4.parse(parts[1]));
    }

    private static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    static byte[] write(List<ClasslessRoute> routes) {
        if (routes.isEmpty()) {
            throw new IllegalArgumentException("static routes: empty (expected: at least one route)");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ClasslessRoute r : routes) {
            out.write(r.prefix);
            out.write(r.destination.getAddress(), 0, (r.prefix + 7) / 8);
            out.writeBytes(r.router.getAddress());
        }
        return out.toByteArray();
    }

    /** Decodes a value; {@link IllegalArgumentException} naming the offset when it is not one. */
    static List<ClasslessRoute> read(byte[] b) {
        if (b.length == 0) {
            throw new IllegalArgumentException("length 0 (expected: 5 or more)");
        }
        List<ClasslessRoute> routes = new ArrayList<>();
        int i = 0;
        while (i < b.length) {
            int prefix = b[i] & 0xff;
            if (prefix > 32) {
                throw new IllegalArgumentException("prefix " + prefix + " at offset " + i + " (expected: 0..32)");
            }
            int octets = (prefix + 7) / 8;
            if (i + 1 + octets + 4 > b.length) {
                throw new IllegalArgumentException("route at offset " + i + " runs past the end");
            }
            byte[] dest = new byte[4];
            System.arraycopy(b, i + 1, dest, 0, octets);
            routes.add(new ClasslessRoute(OptionType.Bytes.inet4(dest, 0), prefix, OptionType.Bytes.inet4(b, i + 1 + octets)));
            i += 1 + octets + 4;
        }
        return List.copyOf(routes);
    }

    @Override
    public String toString() {
        return destination.getHostAddress() + "/" + prefix + " " + router.getHostAddress();
    }
}
