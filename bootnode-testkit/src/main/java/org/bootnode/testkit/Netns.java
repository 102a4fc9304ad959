package org.bootnode.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A network namespace made by a test, deleted (with every interface in it) on {@link #close()}.
 *
 * <pre>{@code
 * try (Netns client = Netns.create("dhc")) {
 *     Netns.Link link = client.vethToHost("192.168.77.1/24", "192.168.77.2/24");
 *     client.ok("udhcpc", "-i", link.inside(), "-n", "-q");
 * }
 * }</pre>
 */
public final class Netns implements AutoCloseable {
    private static final Duration IP_LIMIT = Duration.ofSeconds(20);

    private final String name;
    private final List<String> hostInterfaces = new ArrayList<>();

    private Netns(String name) {
        this.name = name;
    }

    /** A veth pair: one end outside (the host or another namespace), one inside this namespace. */
    public record Link(String outside, String inside) {}

    /** Creates a namespace named from {@code prefix} (see {@link Names}) with loopback up. */
    public static Netns create(String prefix) {
        Tools.requireRootAnd("ip");
        String name = Names.unique(prefix);
        Exec.ok(IP_LIMIT, "ip", "netns", "add", name);
        Netns ns = new Netns(name);
        try {
            ns.ip("link", "set", "lo", "up");
        } catch (RuntimeException | AssertionError e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    /** The namespace's name, for {@code ip netns exec}. */
    public String name() {
        return name;
    }

    /** The command prefixed to run inside this namespace. */
    public List<String> command(String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(List.of(command));
        return full;
    }

    /** Runs a command inside the namespace (at most 60 s). */
    public Exec.Result run(String... command) {
        return run(Duration.ofSeconds(60), command);
    }

    /** Runs a command inside the namespace with a time limit. */
    public Exec.Result run(Duration limit, String... command) {
        return Exec.run(limit, null, command(command));
    }

    /** Runs a command inside the namespace and requires exit code 0. */
    public Exec.Result ok(String... command) {
        return run(command).ok();
    }

    /** {@code ip -n NAME args...}, required to succeed. */
    public Exec.Result ip(String... args) {
        List<String> full = new ArrayList<>(List.of("ip", "-n", name));
        full.addAll(List.of(args));
        return Exec.run(IP_LIMIT, null, full).ok();
    }

    /**
     * A veth pair between the host (the test's own namespace) and this one, both ends up, with
     * the given addresses in CIDR form (null for none).
     */
    public Link vethToHost(String hostCidr, String insideCidr) {
        String outside = Names.unique("vh");
        String inside = Names.unique("vn");
        Exec.ok(IP_LIMIT, "ip", "link", "add", outside, "type", "veth", "peer", "name", inside);
        hostInterfaces.add(outside);
        Exec.ok(IP_LIMIT, "ip", "link", "set", inside, "netns", name);
        if (hostCidr != null) {
            Exec.ok(IP_LIMIT, "ip", "addr", "add", hostCidr, "dev", outside);
        }
        Exec.ok(IP_LIMIT, "ip", "link", "set", outside, "up");
        if (insideCidr != null) {
            ip("addr", "add", insideCidr, "dev", inside);
        }
        ip("link", "set", inside, "up");
        return new Link(outside, inside);
    }

    /**
     * A veth pair from {@code outer} (which keeps the first end) into this namespace, both ends
     * up, with the given addresses in CIDR form (null for none).
     */
    public Link vethFrom(Netns outer, String outerCidr, String insideCidr) {
        String outside = Names.unique("vo");
        String inside = Names.unique("vi");
        outer.ip("link", "add", outside, "type", "veth", "peer", "name", inside);
        outer.ip("link", "set", inside, "netns", name);
        if (outerCidr != null) {
            outer.ip("addr", "add", outerCidr, "dev", outside);
        }
        outer.ip("link", "set", outside, "up");
        if (insideCidr != null) {
            ip("addr", "add", insideCidr, "dev", inside);
        }
        ip("link", "set", inside, "up");
        return new Link(outside, inside);
    }

    /** A bridge inside this namespace, up, with the given address (null for none); returns its name. */
    public String bridge(String cidr) {
        String bridge = Names.unique("br");
        ip("link", "add", bridge, "type", "bridge");
        if (cidr != null) {
            ip("addr", "add", cidr, "dev", bridge);
        }
        ip("link", "set", bridge, "up");
        return bridge;
    }

    /** A tap device inside this namespace, enslaved to {@code bridge} and up; returns its name. */
    public String tap(String bridge) {
        String tap = Names.unique("tap");
        ip("tuntap", "add", "dev", tap, "mode", "tap");
        ip("link", "set", tap, "master", bridge);
        ip("link", "set", tap, "up");
        return tap;
    }

    /** Deletes the namespace (and so the interfaces in it) and the host ends of its veth pairs. */
    @Override
    public void close() {
        for (String outside : hostInterfaces) {
            Exec.run(IP_LIMIT, "ip", "link", "del", outside);
        }
        Exec.run(IP_LIMIT, "ip", "netns", "del", name);
    }

    @Override
    public String toString() {
        return "netns " + name;
    }
}
