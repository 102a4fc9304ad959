package org.bootnode.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.bootnode.server.metrics.ServerMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConnectionLimitTest {
    final ServerMetrics metrics = new ServerMetrics();
    final List<EmbeddedChannel> channels = new ArrayList<>();

    /** The handler that applies {@code limit}: the limit itself here, the boot listener's guard in a subclass. */
    ChannelHandler handler(ConnectionLimit limit) {
        return limit;
    }

    /** A connection accepted from {@code from}, through {@code limit}, and then {@code after}. */
    EmbeddedChannel accept(ConnectionLimit limit, String from, ChannelHandler... after) {
        SocketAddress remote = new InetSocketAddress(from, 40000 + channels.size());
        ChannelHandler[] handlers = new ChannelHandler[after.length + 1];
        handlers[0] = handler(limit);
        System.arraycopy(after, 0, handlers, 1, after.length);
        EmbeddedChannel ch = new EmbeddedChannel(handlers) {
            @Override
            protected SocketAddress remoteAddress0() {
                return remote;
            }
        };
        channels.add(ch);
        return ch;
    }

    @AfterEach
    void close() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    @Test
    void oneAddressGetsItsShareAndNoMore() {
        ConnectionLimit limit = new ConnectionLimit(10, 2, metrics);
        EmbeddedChannel a = accept(limit, "10.0.0.5");
        EmbeddedChannel b = accept(limit, "10.0.0.5");
        assertFalse(accept(limit, "10.0.0.5").isOpen(), "the third from one address is closed at accept");
        assertTrue(accept(limit, "10.0.0.6").isOpen(), "another address is not affected");
        assertEquals(1, metrics.httpRejected.get());
        assertEquals(3, limit.open());
        a.close();
        assertTrue(accept(limit, "10.0.0.5").isOpen(), "a slot freed by a close is free again");
        assertTrue(b.isOpen());
    }

    @Test
    void theMapHoldsOnlyAddressesWithAConnectionOpen() {
        ConnectionLimit limit = new ConnectionLimit(100, 4, metrics);
        for (int i = 1; i <= 50; i++) {
            accept(limit, "10.0.1." + i);
            accept(limit, "10.0.1." + i);
        }
        assertEquals(50, limit.addresses());
        assertEquals(100, limit.open());
        assertFalse(accept(limit, "10.0.2.1").isOpen(), "the total bound holds");
        assertEquals(50, limit.addresses(), "a connection over the total bound leaves no entry");
        channels.forEach(EmbeddedChannel::close);
        assertEquals(0, limit.addresses());
        assertEquals(0, limit.open());
        assertEquals(0, metrics.httpConnections.get());
    }

    @Test
    void anIpv6HostIsCountedByItsSlash64() {
        ConnectionLimit limit = new ConnectionLimit(10, 2, metrics);
        accept(limit, "2001:db8::1");
        accept(limit, "2001:db8::ffff:2");
        assertFalse(accept(limit, "2001:db8::3").isOpen(), "same /64");
        assertTrue(accept(limit, "2001:db8:0:1::1").isOpen(), "another /64");
        assertTrue(accept(limit, "10.0.0.1").isOpen());
    }
}
