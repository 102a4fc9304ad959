// bench/dhcp's SUBNETS=64 workload without sockets or perfdhcp: bootnode-dhcp's DhcpProcessor
// alone, on one thread, with an in-memory lease store. 10,000 MACs in turn (as perfdhcp's -R
// 10000), each exchange a DISCOVER and a REQUEST through a relay address; with SUBNETS 64 the
// relay is one of 64 /18 subnets picked at random per exchange (perfdhcp's -J), so clients roam
// and nearly every exchange is a new address; "stay" keeps one relay. Prints the thread's CPU per
// exchange (client side included) every million, then how the lease table's byAddress map
// spreads over its buckets (needs --add-opens java.base/java.util=ALL-UNNAMED). For a profile,
// add -XX:StartFlightRecording=filename=roam.jfr,settings=profile.
//
//   java --add-opens java.base/java.util=ALL-UNNAMED -cp CLASSPATH bench/dhcp/RoamingProfile.java SUBNETS EXCHANGES [stay]
//
// CLASSPATH: bootnode-dhcp/target/classes, Netty's jars and slf4j-api (bench/dhcp/run.sh writes
// them to bootnode-dhcp/target/bench-classpath.txt).

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bootnode.dhcp.*;
import org.bootnode.dhcp.internal.Inet4;
import org.bootnode.dhcp.lease.*;
import org.bootnode.dhcp.pxe.BootPolicy;
import org.bootnode.dhcp.server.*;
import org.bootnode.dhcp.server.internal.DhcpProcessor;
import org.bootnode.dhcp.server.internal.Outcome;

public class RoamingProfile {
    public static void main(String[] a) throws Exception {
        int subnets = Integer.parseInt(a[0]);
        long n = Long.parseLong(a[1]);
        boolean roam = a.length < 3 || !a[2].equals("stay");
        Inet4Address server = Inet4.parse("10.213.0.1");
        List<DhcpSubnet> relayed = new ArrayList<>();
        List<Inet4Address> relays = new ArrayList<>();
        DhcpServerConfig.Builder b = DhcpServerConfig.builder().serverAddress(server).subnet(Subnet.parse("10.213.0.0/16"))
                .router(server).dnsServers(List.of(server)).unknownClients(UnknownClients.POOL).leaseTime(Duration.ofHours(12));
        if (subnets == 1) {
            b.pool(AddressRange.parse("10.213.64.0-10.213.127.255"));
            relays.add(Inet4.parse("10.213.0.2"));
        } else {
            for (int i = 0; i < subnets; i++) {
                int base = (10 << 24) | (64 << 16) | (i << 14);
                relayed.add(DhcpSubnet.builder(new Subnet(Inet4.of(base), 18)).router(Inet4.of(base + 1)).dnsServers(List.of(server))
                        .leaseTime(Duration.ofHours(12)).pool(new AddressRange(Inet4.of(base + 10), Inet4.of(base + 16378))).build());
                relays.add(Inet4.of(base + 1));
            }
            b.subnets(relayed);
        }
        DhcpServerConfig c = b.build();
        DhcpServer srv = DhcpServer.builder(c).build();
        InMemoryLeaseStore store = new InMemoryLeaseStore();
        DhcpProcessor p = new DhcpProcessor(c, srv::addressPolicy, BootPolicy.NONE, store);
        Random rnd = new Random(1);
        InetSocketAddress from = new InetSocketAddress(relays.get(0), 67);
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        int macs = 10000;
        int fixedRelay = rnd.nextInt(relays.size());
        long t0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        long acks = 0;
        for (long i = 0; i < n; i++) {
            if (i % 1_000_000 == 0 && i > 0) {
                long t = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                System.out.printf("%d exchanges: %.0f ns CPU/exchange%n", i, (t - t0) / 1e6);
                t0 = t;
            }
            int m = (int) (i % macs);
            MacAddress mac = MacAddress.parse(String.format("00:0c:01:%02x:%02x:%02x", m >> 16 & 0xff, m >> 8 & 0xff, m & 0xff));
            Inet4Address gi = relays.get(roam ? rnd.nextInt(relays.size()) : fixedRelay);
            DhcpMessage d = DhcpMessage.builder().op(DhcpOp.BOOTREQUEST).xid((int) i).clientMac(mac).giaddr(gi).hops(1)
                    .messageType(DhcpMessageType.DISCOVER).build();
            byte[] wire = DhcpCodec.encode(d);
            Outcome o = p.process(DhcpCodec.decode(wire), from, false, now);
            if (!(o instanceof Outcome.Send s)) throw new AssertionError(o);
            DhcpCodec.encode(s.reply());
            Inet4Address offered = s.reply().yiaddr();
            DhcpMessage r = d.toBuilder().messageType(DhcpMessageType.REQUEST)
                    .option(OptionKey.SERVER_ID, server).option(OptionKey.REQUESTED_ADDRESS, offered).build();
            Outcome o2 = p.process(DhcpCodec.decode(DhcpCodec.encode(r)), from, false, now);
            if (!(o2 instanceof Outcome.Send s2) || s2.durableFirst() == null) throw new AssertionError(o2);
            DhcpCodec.encode(s2.reply());
            store.put(s2.durableFirst());
        }
        dumpBins(store);
    }

    static void dumpBins(Object store) throws Exception {
        java.lang.reflect.Field f = store.getClass().getDeclaredField("table"); f.setAccessible(true);
        Object table = f.get(store);
        for (java.lang.reflect.Field m : table.getClass().getDeclaredFields()) {
            if (!java.util.Map.class.isAssignableFrom(m.getType())) continue;
            m.setAccessible(true);
            java.util.HashMap<?,?> map = (java.util.HashMap<?,?>) m.get(table);
            java.lang.reflect.Field tf = java.util.HashMap.class.getDeclaredField("table"); tf.setAccessible(true);
            Object[] bins = (Object[]) tf.get(map);
            int trees = 0, maxChain = 0, used = 0;
            for (Object b : bins) { if (b == null) continue; used++; if (b.getClass().getSimpleName().equals("TreeNode")) trees++; }
            System.out.println(m.getName() + ": size " + map.size() + " bins " + bins.length + " used " + used + " trees " + trees);
        }
    }
}
