package org.bootnode.dhcp.server;

import java.io.IOException;
import java.util.function.BiFunction;
import org.bootnode.dhcp.lease.UnknownClients;

/**
 * What most DHCP integration tests start from: a fresh {@link TestNet} whose client end has a
 * given MAC, and a started server on it whose listener calls are recorded. Closing stops the
 * server, then removes the namespace.
 */
final class DhcpLab implements AutoCloseable {
    final TestNet net;
    final RecordingListener events = new RecordingListener();
    final DhcpServer server;

    private DhcpLab(TestNet net, String clientMac, BiFunction<TestNet, DhcpListener, DhcpServer> server) throws IOException {
        this.net = net;
        net.clientMac(clientMac);
        this.server = server.apply(net, events).start();
    }

    /** {@link UdhcpcIT#server}: node-000 reserved at .10, a pool at .100-.199, unknown clients as given. */
    static DhcpLab start(String prefix, String clientMac, UnknownClients unknown) throws IOException {
        return start(prefix, clientMac, (net, events) -> UdhcpcIT.server(net, events, unknown));
    }

    /** The server that {@code server} builds for the net and the recording listener. */
    static DhcpLab start(String prefix, String clientMac, BiFunction<TestNet, DhcpListener, DhcpServer> server)
            throws IOException {
        TestNet net = TestNet.create(prefix);
        try {
            return new DhcpLab(net, clientMac, server);
        } catch (IOException | RuntimeException | Error e) {
            net.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            net.close();
        }
    }
}
