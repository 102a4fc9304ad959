package org.bootnode.storm;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Random;

/**
 * Writes the two servers' configurations for N simulated nodes, serving the same files:
 *
 * <pre>
 * DIR/images/vmlinuz, DIR/images/initrd   random bytes of the given sizes (incompressible)
 * DIR/tftp/undionly.kpxe, ipxe.efi        from /usr/lib/ipxe, else random stand-ins of their size
 * DIR/bootnode.yaml                       N reserved nodes, one image
 * DIR/standin/dnsmasq.conf, hosts         DHCP + TFTP, the same reservations, the limits raised
 * DIR/standin/nginx.conf, www/            the same files, a script per node like bootnode's
 * </pre>
 *
 * <pre>
 * storm setup --dir DIR [--nodes N] [--kernel-mib M] [--initrd-mib M] [--http-port P] [--interface IF]
 * </pre>
 */
final class StormSetup {
    private final Path dir;
    private final int nodes;
    private final double kernelMib;
    private final double initrdMib;
    private final int httpPort;
    private final String iface;
    private final Path ipxeDir;
    private final int bootFileBytes;

    /**
     * @param ipxeDir       where undionly.kpxe and ipxe.efi are copied from (Debian's ipxe package)
     * @param bootFileBytes when above 0, random boot files of this size instead (small storms in tests)
     */
    StormSetup(Path dir, int nodes, double kernelMib, double initrdMib, int httpPort, String iface, Path ipxeDir,
               int bootFileBytes) {
        if (nodes < 1 || nodes > StormConfig.MAX_NODES) {
            throw new IllegalArgumentException("nodes: " + nodes + " (expected: 1.." + StormConfig.MAX_NODES + ")");
        }
        this.dir = dir;
        this.nodes = nodes;
        this.kernelMib = kernelMib;
        this.initrdMib = initrdMib;
        this.httpPort = httpPort;
        this.iface = iface;
        this.ipxeDir = ipxeDir;
        this.bootFileBytes = bootFileBytes;
    }

    static StormSetup fromArgs(String[] args) {
        Path dir = null;
        int nodes = 1000;
        double kernel = 1;
        double initrd = 4;
        int port = 8080;
        String iface = null;
        Path ipxe = Path.of("/usr/lib/ipxe");
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + ": a value is missing");
            }
            String v = args[i + 1];
            switch (args[i]) {
                case "--dir" -> dir = Path.of(v);
                case "--nodes" -> nodes = Integer.parseInt(v);
                case "--kernel-mib" -> kernel = Double.parseDouble(v);
                case "--initrd-mib" -> initrd = Double.parseDouble(v);
                case "--http-port" -> port = Integer.parseInt(v);
                case "--interface" -> iface = v;
                case "--ipxe-dir" -> ipxe = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (dir == null) {
            throw new IllegalArgumentException("--dir is required");
        }
        return new StormSetup(dir, nodes, kernel, initrd, port, iface, ipxe, 0);
    }

    void write() throws IOException {
        Path images = Files.createDirectories(dir.resolve("images"));
        Path tftp = Files.createDirectories(dir.resolve("tftp"));
        Random random = new Random(21);
        randomFile(images.resolve("vmlinuz"), (long) (kernelMib * (1 << 20)), random);
        randomFile(images.resolve("initrd"), (long) (initrdMib * (1 << 20)), random);
        bootFile(tftp, "undionly.kpxe", 74_213, random);
        bootFile(tftp, "ipxe.efi", 850_528, random);
        Files.writeString(dir.resolve("bootnode.yaml"), bootnodeConfig());
        writeStandIn(images, tftp);
    }

    private void bootFile(Path tftp, String name, long size, Random random) throws IOException {
        Path from = ipxeDir.resolve(name);
        if (bootFileBytes > 0) {
            randomFile(tftp.resolve(name), bootFileBytes, random);
        } else if (Files.isReadable(from)) {
            Files.copy(from, tftp.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        } else {
            randomFile(tftp.resolve(name), size, random);
        }
    }

    private static void randomFile(Path file, long size, Random random) throws IOException {
        byte[] chunk = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
        }
    }

    private String base() {
        return "http://" + StormNetwork.SERVER.getHostAddress() + ":" + httpPort;
    }

    String bootnodeConfig() {
        StringBuilder b = new StringBuilder("""
                # bench/storm: %d reserved nodes behind the relay %s (StormNetwork)
                server:
                  address: %s
                  data-dir: data
                dhcp:
                  subnet: %s
                  lease-time: 1h
                tftp:
                  root: tftp
                http:
                  port: %d
                images:
                  compute: { kernel: images/vmlinuz, initrd: images/initrd, cmdline: "console=ttyS0" }
                nodes:
                """.formatted(nodes, StormNetwork.RELAY.getHostAddress(), StormNetwork.SERVER.getHostAddress(),
                StormNetwork.SUBNET, httpPort));
        for (int i = 0; i < nodes; i++) {
            b.append("  n").append(String.format("%05d", i)).append(": { mac: \"")
                    .append(SimulatedNode.of(i, SimulatedNode.DEFAULT_MAC_BASE, 0).macText())
                    .append("\", ip: ").append(StormNetwork.address(i)).append(", image: compute }\n");
        }
        return b.toString();
    }

    private void writeStandIn(Path images, Path tftp) throws IOException {
        Path standin = Files.createDirectories(dir.resolve("standin"));
        Path www = standin.resolve("www");
        Path boot = Files.createDirectories(www.resolve("boot"));
        Path imageDir = Files.createDirectories(www.resolve("images/compute"));
        for (String[] link : new String[][] {{"kernel", "vmlinuz"}, {"initrd", "initrd"}}) {
            Path l = imageDir.resolve(link[0]);
            Files.deleteIfExists(l);
            Files.createSymbolicLink(l, images.resolve(link[1]).toAbsolutePath());
        }
        StringBuilder hosts = new StringBuilder();
        for (int i = 0; i < nodes; i++) {
            String mac = SimulatedNode.of(i, SimulatedNode.DEFAULT_MAC_BASE, 0).macText();
            hosts.append(mac).append(',').append(StormNetwork.address(i)).append('\n');
            // The first attempt of bootnode's script, the lines a node runs when all goes well.
            Files.writeString(boot.resolve(mac + ".ipxe"), """
                    #!ipxe
                    kernel --name kernel %1$s/images/compute/kernel initrd=initrd.img console=ttyS0 bootnode.booted=%1$s/api/nodes/%2$s/booted || goto failed
                    initrd --name initrd.img %1$s/images/compute/initrd || goto failed
                    boot || goto failed
                    :failed
                    echo boot failed
                    """.formatted(base(), mac));
        }
        Files.writeString(standin.resolve("hosts"), hosts);
        String server = StormNetwork.SERVER.getHostAddress();
        Files.writeString(standin.resolve("dnsmasq.conf"), """
                # The stand-in's DHCP and TFTP for %1$d nodes (bench/storm). Its defaults would stall a storm:
                # 50 TFTP transfers, 1000 leases; both raised. Relayed requests are answered for the
                # range that holds giaddr. no-ping: the nodes' addresses are local to the storm's
                # namespace, and bootnode does not ping either.
                port=0
                %2$s
                bind-interfaces
                no-ping
                dhcp-leasefile=%3$s/leases
                dhcp-range=10.0.0.0,static,255.255.0.0,1h
                dhcp-hostsfile=%3$s/hosts
                dhcp-lease-max=%4$d
                dhcp-match=set:ipxe,175
                dhcp-match=set:efi64,option:client-arch,7
                dhcp-match=set:efi64,option:client-arch,9
                dhcp-option=tag:ipxe,encap:175,176,1b
                dhcp-boot=tag:!ipxe,tag:!efi64,undionly.kpxe,,%5$s
                dhcp-boot=tag:!ipxe,tag:efi64,ipxe.efi,,%5$s
                dhcp-boot=tag:ipxe,%6$s/boot/${mac}.ipxe
                enable-tftp
                tftp-root=%7$s
                tftp-max=%4$d
                log-facility=%3$s/dnsmasq.log
                """.formatted(nodes, iface == null ? "" : "interface=" + iface, standin.toAbsolutePath(), Math.max(1000, 2 * nodes),
                server, base(), tftp.toAbsolutePath()));
        Files.writeString(standin.resolve("nginx.conf"), """
                # The stand-in's HTTP (bench/storm): the same files as bootnode, a static script per node,
                # and the booted report answered 200 as bootnode does.
                daemon off;
                worker_processes auto;
                pid %1$s/nginx.pid;
                error_log %1$s/nginx-error.log;
                worker_rlimit_nofile 65536;
                events { worker_connections 16384; }
                http {
                    types { application/octet-stream kernel initrd; text/plain ipxe; }
                    default_type application/octet-stream;
                    access_log %1$s/access.log;
                    sendfile on;
                    tcp_nopush on;
                    client_body_temp_path %1$s/tmp;
                    proxy_temp_path %1$s/tmp;
                    fastcgi_temp_path %1$s/tmp;
                    uwsgi_temp_path %1$s/tmp;
                    scgi_temp_path %1$s/tmp;
                    server {
                        listen %2$s:%3$d;
                        root %1$s/www;
                        location /api/nodes/ { return 200 "ok\\n"; }
                    }
                }
                """.formatted(standin.toAbsolutePath(), server, httpPort));
        Files.createDirectories(standin.resolve("tmp"));
    }
}
