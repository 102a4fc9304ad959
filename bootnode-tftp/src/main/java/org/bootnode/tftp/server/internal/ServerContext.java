package org.bootnode.tftp.server.internal;

import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import java.net.InetAddress;
import java.util.concurrent.ExecutorService;
import java.util.function.LongSupplier;
import org.bootnode.tftp.server.FastPath;
import org.bootnode.tftp.server.FileSource;
import org.bootnode.tftp.server.OptionPolicy;
import org.bootnode.tftp.server.TftpListener;
import org.bootnode.tftp.server.TftpServerConfig;

/**
 * What every transfer of one server shares.
 *
 * @param files bounded executor for opening, reading and writing files (never an event loop)
 * @param ticker monotonic nanoseconds (injected so tests can drive time)
 * @param localAddress the address transfers bind to (port 0: a fresh TID each)
 * @param fastPath whether transfers send from mappings and past the channel's queue
 * @param chunks the DATA packets that transfers of one file share
 */
public record ServerContext(TftpServerConfig config, FileSource source, OptionPolicy policy, TftpListener listener,
                            ExecutorService files, TransferRegistry registry, EventLoopGroup group,
                            ChannelFactory<DatagramChannel> channels, InetAddress localAddress, LongSupplier ticker,
                            FastPath fastPath, ChunkCache chunks) {
    /** A context with a cache of its own, {@code config}'s size, reading on {@code files} (tests). */
    public ServerContext(TftpServerConfig config, FileSource source, OptionPolicy policy, TftpListener listener,
                         ExecutorService files, TransferRegistry registry, EventLoopGroup group,
                         ChannelFactory<DatagramChannel> channels, InetAddress localAddress, LongSupplier ticker,
                         FastPath fastPath) {
        this(config, source, policy, listener, files, registry, group, channels, localAddress, ticker, fastPath,
                new ChunkCache(config.packetCacheSize(), files));
    }
}
