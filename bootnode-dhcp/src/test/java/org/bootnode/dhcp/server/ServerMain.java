package org.bootnode.dhcp.server;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.bootnode.dhcp.internal.Inet4;
import org.bootnode.dhcp.lease.AddressRange;
import org.bootnode.dhcp.lease.Subnet;
import org.bootnode.dhcp.lease.UnknownClients;
import org.bootnode.dhcp.pxe.DefaultBootPolicy;

/**
 * The server as its own process, for tests that kill it and for bench/dhcp: pool mode, the lease
 * journal in a data folder, one line per ACK on standard output ("ACK mac ip", printed after
 * the ACK left, so after its lease was durable).
 *
 * <pre>java ... ServerMain SERVER-IP INTERFACE SUBNET POOL DATA-DIR [PORT] [quiet] [boot] [proxy]</pre>
 */
public final class ServerMain {
    private ServerMain() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        List<String> flags = args.length > 6 ? List.of(args).subList(6, args.length) : List.of();
        boolean quiet = flags.contains("quiet");
        DhcpServerConfig config = DhcpServerConfig.builder()
                .serverAddress(Inet4.parse(args[0]))
                .interfaceName(args[1])
                .subnet(Subnet.parse(args[2]))
                .pool(AddressRange.parse(args[3]))
                .unknownClients(UnknownClients.POOL)
                .router(Inet4.parse(args[0]))
                .dnsServers(List.of(Inet4.parse(args[0])))
                .port(args.length > 5 ? Integer.parseInt(args[5]) : 67)
                .proxy(flags.contains("proxy"))
                .build();
        DhcpListener listener = quiet ? DhcpListener.NONE : new DhcpListener() {
            @Override
            public void ack(DhcpEvent e) {
                out.println("ACK " + e.mac() + " " + e.address().getHostAddress() + " " + e.kind() + " " + e.bootFile());
            }

            @Override
            public void offer(DhcpEvent e) {
                out.println("OFFER " + e.mac() + " " + e.address().getHostAddress() + " " + e.kind() + " " + e.bootFile());
            }
        };
        DhcpServer.Builder builder = DhcpServer.builder(config).dataDir(Path.of(args[4])).listener(listener);
        if (flags.contains("boot")) { // the default boot policy, HTTP on port 8080 of the server
            builder.bootPolicy(DefaultBootPolicy.builder().nextServer(Inet4.parse(args[0]))
                    .scriptUrl(mac -> "http://" + args[0] + ":8080/boot/" + mac + ".ipxe")
                    .httpBootUrl("http://" + args[0] + ":8080/tftp/snponly.efi").build());
        }
        DhcpServer server = builder.build().start();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stop.countDown();
        }));
        out.println("READY " + server.localAddresses());
        stop.await();
    }
}
