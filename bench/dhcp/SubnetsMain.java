// bootnode-dhcp with many relayed subnets, for bench/dhcp/run.sh's SUBNETS mode: the same server
// as bootnode-dhcp's test ServerMain (pool mode, lease journal in DATA-DIR, nothing printed per
// lease), plus one relayed subnet per line of SUBNETS-FILE, each with its own router, pool and
// the same 12 h lease time. Launched as a single-file program with bootnode-dhcp on the class path:
//
//   java -cp CLASSPATH bench/dhcp/SubnetsMain.java SERVER-IP INTERFACE HOME-SUBNET DATA-DIR SUBNETS-FILE
//
// A line of SUBNETS-FILE: "SUBNET ROUTER POOL-FIRST POOL-LAST", e.g. "10.64.0.0/18 10.64.0.1
// 10.64.0.10 10.64.63.250". The home subnet (the server's own link) has no pool: every request
// of the bench comes through a relay address of one of the relayed subnets.
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.bootnode.dhcp.lease.AddressRange;
import org.bootnode.dhcp.lease.Subnet;
import org.bootnode.dhcp.lease.UnknownClients;
import org.bootnode.dhcp.server.DhcpServer;
import org.bootnode.dhcp.server.DhcpServerConfig;
import org.bootnode.dhcp.server.DhcpSubnet;

public class SubnetsMain {
    public static void main(String[] a) throws Exception {
        Inet4Address server = ip(a[0]);
        List<DhcpSubnet> relayed = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(a[4]))) {
            String[] f = line.trim().split("\\s+");
            if (f.length != 4) {
                throw new IllegalArgumentException(a[4] + ": " + line + " (expected: SUBNET ROUTER POOL-FIRST POOL-LAST)");
            }
            relayed.add(DhcpSubnet.builder(Subnet.parse(f[0])).router(ip(f[1])).dnsServers(List.of(server))
                    .pool(AddressRange.parse(f[2] + "-" + f[3])).build());
        }
        DhcpServerConfig config = DhcpServerConfig.builder()
                .serverAddress(server)
                .interfaceName(a[1])
                .subnet(Subnet.parse(a[2]))
                .router(server)
                .dnsServers(List.of(server))
                .subnets(relayed)
                .unknownClients(UnknownClients.POOL)
                .build();
        DhcpServer running = DhcpServer.builder(config).dataDir(Path.of(a[3])).build().start();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.close();
            stop.countDown();
        }));
        System.out.println("READY " + config.subnets().size() + " subnets " + running.localAddresses());
        stop.await();
    }

    private static Inet4Address ip(String literal) throws Exception {
        if (!literal.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            throw new IllegalArgumentException("address: " + literal + " (expected: a dotted quad)");
        }
        return (Inet4Address) InetAddress.getByName(literal); // a literal: no name lookup
    }
}
