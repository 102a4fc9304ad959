package org.bootnode.tftp.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.DefaultChannelId;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bootnode.tftp.Ack;
import org.bootnode.tftp.Data;
import org.bootnode.tftp.ErrorPacket;
import org.bootnode.tftp.OptionAck;
import org.bootnode.tftp.Request;
import org.bootnode.tftp.TftpCodec;
import org.bootnode.tftp.TftpErrorCode;
import org.bootnode.tftp.TftpOptions;
import org.bootnode.tftp.TftpPacket;
import org.bootnode.tftp.server.FastPath;
import org.bootnode.tftp.server.FileLookup;
import org.bootnode.tftp.server.FileSource;
import org.bootnode.tftp.server.TftpFile;
import org.bootnode.tftp.server.OptionPolicy;
import org.bootnode.tftp.server.TftpListener;
import org.bootnode.tftp.server.TftpServerConfig;
import org.bootnode.tftp.server.TransferFailure;
import org.bootnode.tftp.server.TransferSummary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The read transfer's handler on an EmbeddedChannel: time is driven by the test, nothing sleeps. */
class ReadTransferTest {
    static final InetSocketAddress CLIENT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 5000);
    static final byte[] FILE = new byte[10 * 512 + 100]; // blocks 1..10 full, block 11 short

    static {
        for (int i = 0; i < FILE.length; i++) {
            FILE[i] = (byte) (i * 31);
        }
    }

    final AtomicLong nanos = new AtomicLong();
    final List<String> events = new ArrayList<>();
    EmbeddedChannel channel;
    ChunkCache chunks;
    ReadTransfer transfer;
    /** Counts what the transfer holds (an unpooled allocator's metric is its bytes in use). */
    final UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(true);

    /** Runs file work inline: the channel's loop still gets results through execute(). */
    static final class Inline extends AbstractExecutorService {
        @Override
        public void execute(Runnable r) {
            r.run();
        }

        @Override
        public void shutdown() {}

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long t, TimeUnit u) {
            return true;
        }
    }

    @BeforeEach
    void setUp() {
        events.clear();
    }

    /**
     * Closes the channel as the server's loop would, then requires every buffer the transfer
     * took to be back: a test that stops mid-transfer still checks that closing releases it all
     * (before this, such tests left the chunk to the leak detector).
     */
    @AfterEach
    void tearDown() {
        if (channel != null) {
            channel.finishAndReleaseAll();
            chunks.close();
            assertEquals(0, chunks.sharedBytes() + chunks.ownBytes(), "runs still counted");
            assertEquals(0, alloc.metric().usedHeapMemory() + alloc.metric().usedDirectMemory(), "bytes still held");
        }
    }

    private void open(TftpOptions options) {
        open("f", options);
    }

    private void open(String filename, TftpOptions options) {
        open(filename, options, TftpServerConfig.builder().timeout(Duration.ofSeconds(1)).retries(3).build());
    }

    private void open(String filename, TftpOptions options, TftpServerConfig config) {
        open(filename, options, config, FileSource.inMemory(Map.of("f", FILE)));
    }

    private void open(String filename, TftpOptions options, TftpServerConfig config, FileSource source) {
        TftpListener listener = new TftpListener() {
            @Override
            public void transferFinished(TransferSummary t) {
                events.add("finished " + t.bytes());
            }

            @Override
            public void transferFailed(TransferSummary t, TransferFailure f) {
                events.add("failed " + f.kind());
            }

            @Override
            public void optionsDeclined(TransferSummary t) {
                events.add("declined");
            }
        };
        TransferRegistry registry = new TransferRegistry(10, 10);
        Inline files = new Inline();
        chunks = new ChunkCache(config.packetCacheSize(), files);
        ServerContext ctx = new ServerContext(config, source, OptionPolicy.ALL, listener,
                files, registry, null, null, CLIENT.getAddress(), nanos::get, FastPath.on(), chunks);
        // Constructed with the handler, so it sees channelActive on register(), after the
        // allocator is set; the file is "opened" inline and the result handed to the loop, which
        // runPendingTasks() drives.
        transfer = new ReadTransfer(ctx, Request.read(filename, options), CLIENT);
        channel = new EmbeddedChannel(DefaultChannelId.newInstance(), false, false, transfer);
        channel.config().setAllocator(alloc);
        try {
            channel.register();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        channel.freezeTime();
        channel.runPendingTasks();
    }

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
        channel.advanceTimeBy(d.toNanos(), TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
        channel.runPendingTasks();
    }

    private void receive(TftpPacket p) {
        channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(TftpCodec.encode(p)), null, CLIENT));
        channel.runPendingTasks();
    }

    private List<TftpPacket> sent() throws Exception {
        List<TftpPacket> out = new ArrayList<>();
        DatagramPacket p;
        while ((p = channel.readOutbound()) != null) {
            assertEquals(CLIENT, p.recipient());
            out.add(TftpCodec.decode(ByteBufUtil.getBytes(p.content())));
            p.release();
        }
        return out;
    }

    private static List<Integer> blocks(List<TftpPacket> packets) {
        return packets.stream().map(p -> ((Data) p).block()).toList();
    }

    @Test
    void windowedTransferWithLossResumeAndDuplicates() throws Exception {
        open(TftpOptions.builder().put("WindowSize", 4).put("tsize", 0).build());
        OptionAck oack = (OptionAck) sent().get(0);
        assertEquals("4", oack.options().get("windowsize").orElseThrow());
        assertEquals(Integer.toString(FILE.length), oack.options().get("tsize").orElseThrow());

        receive(new Ack(0));
        assertEquals(List.of(1, 2, 3, 4), blocks(sent()));

        // The whole window is lost: after the timeout it is sent again, from the first unacknowledged block.
        advance(Duration.ofMillis(999));
        assertTrue(sent().isEmpty());
        advance(Duration.ofMillis(1));
        assertEquals(List.of(1, 2, 3, 4), blocks(sent()));

        // The client saw a gap after block 2: resume from 3 with a full window.
        receive(new Ack(2));
        assertEquals(List.of(3, 4, 5, 6), blocks(sent()));

        // Duplicate ACKs never cause a second copy (RFC 1123 §4.2.3.1).
        receive(new Ack(2));
        receive(new Ack(2));
        assertTrue(sent().isEmpty());

        receive(new Ack(6));
        assertEquals(List.of(7, 8, 9, 10), blocks(sent()));
        receive(new Ack(10));
        List<TftpPacket> last = sent();
        assertEquals(List.of(11), blocks(last));
        assertEquals(100, ((Data) last.get(0)).length());
        receive(new Ack(11));
        assertEquals(List.of("finished " + FILE.length), events);
        assertFalse(channel.isOpen());
    }

    @Test
    void tsizeProbeAbortedWithError8IsDeclinedNotFailed() throws Exception {
        open(TftpOptions.builder().put("tsize", 0).build());
        assertTrue(sent().get(0) instanceof OptionAck);
        receive(new ErrorPacket(TftpErrorCode.OPTION_REFUSED, "probe"));
        assertEquals(List.of("declined"), events);
        assertFalse(channel.isOpen());
    }

    @Test
    void silentClientTimesOutAfterTheRetriesWithBackoff() throws Exception {
        open(TftpOptions.empty());
        assertEquals(List.of(1), blocks(sent()));
        long[] waits = {1000, 2000, 4000}; // doubling from 1 s
        for (long w : waits) {
            advance(Duration.ofMillis(w - 1));
            assertTrue(sent().isEmpty(), "resent early at " + w);
            advance(Duration.ofMillis(1));
            assertEquals(List.of(1), blocks(sent()));
        }
        advance(Duration.ofSeconds(8));
        assertEquals(List.of("failed TIMED_OUT"), events);
        assertNull(channel.readOutbound());
    }

    /**
     * Issue 23, defect 3: after a resend the pending timer was due at the doubled interval, and
     * an ACK that reset the backoff left it there, so the next loss waited twice as long.
     */
    @Test
    void anAckAfterALossBringsTheTimerBackToOneTimeout() throws Exception {
        open(TftpOptions.empty());
        assertEquals(List.of(1), blocks(sent()));
        advance(Duration.ofSeconds(1));
        assertEquals(List.of(1), blocks(sent()), "first loss: resent after 1 s");
        receive(new Ack(1));
        assertEquals(List.of(2), blocks(sent()));
        for (int block = 2; block <= 3; block++) {
            advance(Duration.ofMillis(999));
            assertTrue(sent().isEmpty(), "resent early");
            advance(Duration.ofMillis(1));
            assertEquals(List.of(block), blocks(sent()), "a later loss waits 1 s again, not 2");
            receive(new Ack(block));
            assertEquals(List.of(block + 1), blocks(sent()));
        }
    }

    /**
     * Issue 23, defect 4: a request with {@code timeout 255} that never ACKs held its place for
     * 255 + 510 + 1020 + 3 × 2040 s. It now gives it up after the stall limit (60 s by default).
     */
    @Test
    void aSilentClientWithALongTimeoutGivesItsPlaceUpAtTheStallLimit() throws Exception {
        open("f", TftpOptions.builder().put("timeout", 255).build(), TftpServerConfig.defaults());
        assertTrue(sent().get(0) instanceof OptionAck);
        advance(Duration.ofSeconds(59));
        assertTrue(events.isEmpty());
        advance(Duration.ofSeconds(1));
        assertEquals(List.of("failed TIMED_OUT"), events);
        assertFalse(channel.isOpen());
    }

    /** Issue 23, defect 6: a file name with a newline wrote a forged line into the log. */
    @Test
    void aFileNameFromTheNetworkCannotForgeALogLine() throws Exception {
        PrintStream stderr = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            open("boot\n[main] INFO BootServer - node-000 booted FORGED\u001b[2K", TftpOptions.empty());
        } finally {
            System.setErr(stderr);
        }
        assertTrue(sent().get(0) instanceof ErrorPacket);
        String text = log.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("boot\\n[main] INFO BootServer - node-000 booted FORGED\\x1b[2K"), text);
        assertEquals(1, text.lines().count(), text);
    }

    @Test
    void packetFromAnotherPortGetsError5AndTheTransferGoesOn() throws Exception {
        open(TftpOptions.empty());
        sent();
        InetSocketAddress stranger = new InetSocketAddress(CLIENT.getAddress(), 5001);
        channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(TftpCodec.encode(new Ack(1))), null, stranger));
        DatagramPacket err = channel.readOutbound();
        assertEquals(stranger, err.recipient());
        assertEquals(TftpErrorCode.UNKNOWN_TID, ((ErrorPacket) TftpCodec.decode(ByteBufUtil.getBytes(err.content()))).code());
        err.release();
        receive(new Ack(1));
        assertEquals(List.of(2), blocks(sent()));
    }

    /** A transfer's runs are shared references: every way it ends gives them back to the cache. */
    @Test
    void everyEndGivesTheSharedRunsBack() throws Exception {
        List<Runnable> ends = List.of(
                () -> receive(new Ack(1)),                                          // done (one run)
                () -> receive(new ErrorPacket(TftpErrorCode.DISK_FULL, "no")),     // client error
                () -> {                                                             // timed out
                    for (int s = 0; s < 20; s++) {
                        advance(Duration.ofSeconds(1));
                    }
                },
                () -> { transfer.shutdown(); channel.runPendingTasks(); },          // server shutdown
                () -> transfer.evict(),                                             // pushed out
                () -> channel.close());                                             // channel closed
        List<String> want = List.of("finished", "failed CLIENT_ERROR", "failed TIMED_OUT", "failed SHUTDOWN",
                "failed LIMIT", "failed SHUTDOWN");
        for (int i = 0; i < ends.size(); i++) {
            events.clear();
            open("f", TftpOptions.builder().put("blksize", 8192).build(),
                    TftpServerConfig.builder().timeout(Duration.ofSeconds(1)).retries(3).build());
            sent();
            receive(new Ack(0));
            assertEquals(List.of(1), blocks(sent()));
            assertEquals(1, chunks.runsInUse(), "the run in use");
            ends.get(i).run();
            channel.runPendingTasks();
            assertTrue(!events.isEmpty() && events.get(0).startsWith(want.get(i)), events + " for end " + i);
            assertEquals(0, chunks.runsInUse(), "runs still in use after " + want.get(i));
            assertEquals(0, chunks.ownBytes());
            tearDown();
        }
        channel = null;
    }

    /**
     * A file changed in place between two reads of runs: the transfer fails with what it sent
     * so far all old bytes, rather than going on with new ones (issue 21).
     */
    @Test
    void aFileChangedInPlaceFailsTheTransferInsteadOfMixingBytes() throws Exception {
        byte[] big = new byte[600 * 512];
        AtomicLong checks = new AtomicLong();
        FileSource source = (client, name) -> FileLookup.found(new ChangingFile(big, checks));
        open("f", TftpOptions.empty(), TftpServerConfig.builder().timeout(Duration.ofSeconds(1)).retries(3).build(), source);
        List<TftpPacket> out = sent();
        assertEquals(1, ((Data) out.get(0)).block());
        // The read-ahead of the second run found the file changed.
        assertEquals(2, checks.get());
        ErrorPacket error = (ErrorPacket) out.get(1);
        assertEquals("read failed: file changed while being served", error.message());
        assertEquals(List.of("failed IO_ERROR"), events);
        assertEquals(0, chunks.runsInUse());
        assertEquals(1, chunks.runs(), "the first run (old bytes) kept unused, the failed read not kept");
    }

    /** A file on disk as far as the cache is concerned: read off the loop, changed after its first read. */
    record ChangingFile(byte[] bytes, AtomicLong checks) implements TftpFile, SharedFile {
        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public int read(ByteBuffer dst, long position) {
            int n = (int) Math.min(dst.remaining(), bytes.length - position);
            dst.put(bytes, (int) position, n);
            return n;
        }

        @Override
        public Object identity() {
            return "changing";
        }

        @Override
        public void checkUnchanged() throws IOException {
            if (checks.incrementAndGet() > 1) {
                throw new IOException("file changed while being served");
            }
        }
    }
}
