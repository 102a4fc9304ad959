package org.bootnode.server.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.bootnode.server.metrics.ServerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the connections open at once, in all and from one client address (nginx's
 * {@code limit_conn}): a connection over either bound is closed as soon as it is accepted.
 * Shared by every child channel of one server.
 *
 * <p>The count per address lives in a map that holds an entry only while that address has a
 * connection open (it is removed when its count drops to 0), so it never holds more entries
 * than the total bound. An IPv6 client is counted by its /64, the prefix one host is given.
 */
@ChannelHandler.Sharable
public final class ConnectionLimit extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger("org.bootnode.server.http");
    /** The key this connection was counted under; absent when it was not counted. */
    private static final AttributeKey<InetAddress> COUNTED = AttributeKey.valueOf(ConnectionLimit.class, "counted");

    private final int max;
    private final int maxPerAddress;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();
    private final ServerMetrics metrics;

    /** A limit of {@code max} connections in all and {@code maxPerAddress} from one address. */
    public ConnectionLimit(int max, int maxPerAddress, ServerMetrics metrics) {
        if (max < 1 || maxPerAddress < 1) {
            throw new IllegalArgumentException("max: " + max + ", maxPerAddress: " + maxPerAddress + " (expected: 1 or more)");
        }
        this.max = max;
        this.maxPerAddress = maxPerAddress;
        this.metrics = metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        InetAddress key = key(ctx.channel().remoteAddress());
        String refused = countIn(key);
        if (refused != null) {
            // Not counted as open: channelInactive must not decrement for it.
            ctx.pipeline().remove(this);
            reject(ctx, refused);
            return;
        }
        if (key != null) {
            ctx.channel().attr(COUNTED).set(key);
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        countOut(ctx.channel().attr(COUNTED).getAndSet(null));
        super.channelInactive(ctx);
    }

    /**
     * Counts a new connection from {@code key} (its {@link #key}, null for a non-IP channel) in:
     * null when it is within both bounds, else why not, with nothing counted. For a handler of
     * the connection's own that keeps the key itself (the boot listener's, which joins this with
     * the idle timer), where this handler keeps it in the channel's attributes.
     */
    String countIn(InetAddress key) {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            return "too many connections open";
        }
        if (key != null && !countInAddress(key)) {
            open.decrementAndGet();
            return "too many connections from " + key.getHostAddress();
        }
        metrics.httpConnections.increment();
        return null;
    }

    /** Counts a connection that {@link #countIn} counted in out, at its close. */
    void countOut(InetAddress key) {
        if (key != null) {
            perAddress.computeIfPresent(key, (k, n) -> n == 1 ? null : n - 1);
        }
        open.decrementAndGet();
        metrics.httpConnections.decrement();
    }

    /** Closes a connection {@link #countIn} refused, counted as rejected. */
    void reject(ChannelHandlerContext ctx, String why) {
        metrics.httpRejected.increment();
        log.debug("http {}: closed at accept, {}", ctx.channel().remoteAddress(), why);
        ctx.close();
    }

    /** Connections open now. */
    public int open() {
        return open.get();
    }

    /** Addresses with a connection open now (the size of the map the per-address bound keeps). */
    public int addresses() {
        return perAddress.size();
    }

    private boolean countInAddress(InetAddress key) {
        boolean[] counted = new boolean[1];
        perAddress.compute(key, (k, n) -> {
            int now = n == null ? 0 : n;
            counted[0] = now < maxPerAddress;
            return counted[0] ? now + 1 : n;
        });
        return counted[0];
    }

    /** The address counted: an IPv4 address itself, an IPv6 address's /64; null for a non-IP channel. */
    static InetAddress key(SocketAddress remote) {
        if (!(remote instanceof InetSocketAddress inet) || inet.getAddress() == null) {
            return null;
        }
        InetAddress address = inet.getAddress();
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] prefix = Arrays.copyOf(address.getAddress(), 16);
        Arrays.fill(prefix, 8, 16, (byte) 0);
        try {
            return InetAddress.getByAddress(prefix);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
