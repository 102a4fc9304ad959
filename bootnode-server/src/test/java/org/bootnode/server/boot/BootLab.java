package org.bootnode.server.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bootnode.testkit.BackgroundProcess;
import org.bootnode.testkit.Netns;
import org.bootnode.testkit.Tools;

/**
 * The head node of a boot test: a network namespace whose bridge holds 10.0.0.1/24, a
 * configuration in examples/bootnode.yaml's format, {@code bootnode serve} running inside the namespace,
 * and diskless VMs whose taps join the bridge. Closing it stops the VMs and the server and
 * deletes the namespace with every interface in it.
 */
final class BootLab implements AutoCloseable {
    static final String HEAD = "10.0.0.1";
    static final int HTTP_PORT = 8080;
    private static final Duration READY_LIMIT = Duration.ofSeconds(60);
    private static final List<String> IPXE_FILES = List.of("undionly.kpxe", "ipxe.efi", "snponly.efi");

    private final Netns netns;
    private final String bridge;
    private final Path work;
    private final List<AutoCloseable> started = new ArrayList<>();
    private BackgroundProcess server;

    private BootLab(Netns netns, String bridge, Path work) {
        this.netns = netns;
        this.bridge = bridge;
        this.work = work;
    }

    /** A namespace with its bridge; nothing runs yet. */
    static BootLab create(Path workRoot) {
        Netns netns = Netns.create("bnb");
        try {
            String bridge = netns.bridge(HEAD + "/24");
            Path work = Files.createDirectories(workRoot.resolve(netns.name()));
            return new BootLab(netns, bridge, work);
        } catch (IOException e) {
            netns.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            netns.close();
            throw e;
        }
    }

    Path work() {
        return work;
    }

    /** Writes the configuration: node-000 boots compute, node-001 failsafe. */
    Path writeConfig(BootAssets assets) throws IOException {
        Path tftp = Files.createDirectories(work.resolve("tftp"));
        for (String f : IPXE_FILES) {
            Files.copy(Path.of("/usr/lib/ipxe", f), tftp.resolve(f));
        }
        String cmdline = "console=ttyS0 panic=-1";
        String yaml = """
                # Written by BootIT: the demo's two nodes behind a head node at %1$s.
                server:
                  address: %1$s
                  interface: %2$s
                  data-dir: data
                dhcp:
                  subnet: 10.0.0.0/24
                  router: %1$s
                  lease-time: 1h
                tftp:
                  root: tftp
                http:
                  port: %3$d
                images:
                  compute:  { kernel: "%4$s", initrd: "%5$s", cmdline: "%7$s" }
                  failsafe: { kernel: "%4$s", initrd: "%6$s", cmdline: "%7$s" }
                nodes:
                  node-000: { mac: "fc:ab:14:e8:66:01", ip: 10.0.0.10, image: compute }
                  node-001: { mac: "fc:ab:14:e8:66:02", ip: 10.0.0.11, image: failsafe }
                """.formatted(HEAD, bridge, HTTP_PORT, assets.kernel(), assets.compute(),
                assets.failsafe(), cmdline);
        Path config = work.resolve("bootnode.yaml");
        Files.writeString(config, yaml);
        return config;
    }

    /**
     * Starts radvd on the bridge with router lifetime 0, as docs/server.md recommends for a head
     * node: it answers iPXE's IPv6 router solicitation, which iPXE otherwise waits about 15 s for
     * at every boot, and offers the nodes neither a route nor an address. radvd runs only with
     * IPv6 forwarding on, which is set in the namespace alone. Skipped on a kernel without IPv6.
     */
    void advertiseNoRouter() throws IOException {
        Path radvd = Tools.require("radvd").get(0);
        if (!Files.isDirectory(Path.of("/proc/sys/net/ipv6"))) {
            return; // a kernel without IPv6: nothing to set; iPXE then waits its 15 s
        }
        Path conf = work.resolve("radvd.conf");
        Files.writeString(conf, "interface " + bridge + " {\n  AdvSendAdvert on;\n  AdvDefaultLifetime 0;\n};\n");
        netns.ok("sysctl", "-q", "-w", "net.ipv6.conf.all.forwarding=1");
        started.add(BackgroundProcess.start(work.resolve("radvd.log"), netns.command(radvd.toString(),
                "-n", "-m", "stderr", "-C", conf.toString(), "-p", work.resolve("radvd.pid").toString())));
    }

    /** The bridge holding {@link #HEAD}: the interface the server serves. */
    String bridge() {
        return bridge;
    }

    /** Starts {@code bootnode serve} in the namespace and waits for its ready line. */
    void serve(Path config) {
        serve(BootAssets.bootnode("serve", "--config", config.toString()));
    }

    /** Starts {@code command} in the namespace as the server and waits for its line "bootnode: ready". */
    void serve(List<String> command) {
        List<String> cmd = netns.command(command.toArray(String[]::new));
        server = BackgroundProcess.start(work.resolve("serve.log"), cmd);
        started.add(server);
        server.awaitOutput(READY_LIMIT, out -> out.contains("bootnode: ready"), "bootnode serve ready");
    }

    /** What the server logged so far. */
    String serverLog() {
        return server == null ? "" : server.output();
    }

    /** Starts a diskless VM on a new tap of the bridge; its serial console goes to a log. */
    QemuNode boot(String name, String mac, Firmware firmware) throws IOException {
        String tap = netns.tap(bridge);
        Path vars = null;
        if (firmware.uefi()) {
            vars = work.resolve(name + ".vars.fd");
            Files.copy(Firmware.ovmfVars(), vars);
        }
        QemuNode node = QemuNode.start(name, firmware,
                work.resolve(name + "." + firmware.label() + ".serial.log"),
                netns.command(firmware.qemu(name, mac, tap, vars).toArray(String[]::new)));
        started.add(node);
        return node;
    }

    /** GET /api/nodes from the admin listener, on loopback inside the namespace. */
    String apiNodes() {
        return netns.run(Duration.ofSeconds(10), "curl", "-sS", "--max-time", "5",
                "http://127.0.0.1:9080/api/nodes").ok().out();
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                // Keep closing the rest; the namespace goes below in any case.
            }
        }
        netns.close();
    }
}
