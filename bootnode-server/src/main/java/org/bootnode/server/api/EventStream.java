package org.bootnode.server.api;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/events}: server-sent events (the WHATWG HTML standard, §9.2) to every watcher.
 * Each frame is {@code id: N}, {@code event: boot|node|reset}, one {@code data:} line of JSON;
 * a comment line every {@link Limits#heartbeat} keeps proxies and the idle timeout from closing
 * a quiet stream.
 *
 * <p>Bounded everywhere, and never blocking the thread that publishes (a protocol's event loop):
 * the last {@link Limits#ring} frames are kept for a watcher that comes back with
 * {@code Last-Event-ID} (older than that, it gets {@code event: reset} and reloads); each
 * watcher has a queue of {@link Limits#queue} frames, written on its own channel's event loop
 * while the socket takes them; a watcher whose queue is full has fallen too far behind and is
 * closed (it reconnects and resumes from the ring). At most {@link Limits#watchers} at once.
 */
public final class EventStream {
    private static final Logger log = LoggerFactory.getLogger(EventStream.class);

    /**
     * The bounds of the stream.
     *
     * @param ring frames kept for resuming (default 4096)
     * @param queue frames waiting for one watcher before it is closed (default 1024)
     * @param watchers watchers at once (default 256)
     * @param heartbeat the pause between comment lines on a quiet stream (default 15 s)
     * @param batch how long a watcher's first waiting frame waits for more before they go out
     *     together, as one write (default 20 ms; zero: at once). In a boot storm each watcher
     *     would otherwise take one write through its pipeline and one system call per event.
     */
    public record Limits(int ring, int queue, int watchers, Duration heartbeat, Duration batch) {
        /** The defaults. */
        public static final Limits DEFAULT = new Limits(4096, 1024, 256, Duration.ofSeconds(15), Duration.ofMillis(20));

        /** Bounds that send each frame at once. */
        public Limits(int ring, int queue, int watchers, Duration heartbeat) {
            this(ring, queue, watchers, heartbeat, Duration.ZERO);
        }

        /** Checks the bounds. */
        public Limits {
            if (ring < 1 || queue < 1 || watchers < 1) {
                throw new IllegalArgumentException("ring, queue, watchers: " + ring + ", " + queue + ", " + watchers
                        + " (expected: 1 or more each)");
            }
            if (heartbeat.isNegative() || heartbeat.isZero()) {
                throw new IllegalArgumentException("heartbeat: " + heartbeat + " (expected: more than 0)");
            }
            if (batch.isNegative()) {
                throw new IllegalArgumentException("batch: " + batch + " (expected: 0 or more)");
            }
        }
    }

    /**
     * A frame, encoded once for every watcher, and only when one needs it: an event is published
     * from a protocol's event loop with the timeline locked (a boot storm's every answer), and most
     * of the time nobody watches, so the JSON is written at the first {@link #bytes()}, by a
     * watcher's offer or a resume from the ring.
     */
    private static final class Frame {
        private final long id;
        private final String event;
        private Supplier<?> data;
        private byte[] bytes;

        /** A frame of the document {@code data} gives, made and written as JSON when first needed. */
        Frame(long id, String event, Supplier<?> data) {
            this.id = id;
            this.event = event;
            this.data = data;
        }

        /** A frame whose text is known. */
        Frame(long id, String text) {
            this.id = id;
            this.event = null;
            this.bytes = text.getBytes(StandardCharsets.UTF_8);
        }

        long id() {
            return id;
        }

        synchronized byte[] bytes() {
            if (bytes == null) {
                String text = "id: " + id + "\nevent: " + event + "\ndata: " + Json.write(data.get()) + "\n\n";
                bytes = text.getBytes(StandardCharsets.UTF_8);
                data = null;
            }
            return bytes;
        }
    }

    private final Limits limits;
    private final Object lock = new Object();
    private final ArrayDeque<Frame> ring = new ArrayDeque<>();
    private final Set<Watcher> watchers = new LinkedHashSet<>();
    private long lastId;

    /** A stream with these bounds. */
    public EventStream(Limits limits) {
        this.limits = limits;
    }

    /**
     * Sends {@code data} as {@code event} to every watcher: it is queued for each, written as JSON
     * once when the first watcher takes it (or resumes from it), and this returns at once.
     * {@code data} must not change afterwards (the documents are records of values).
     */
    public void publish(String event, Object data) {
        publish(event, () -> data);
    }

    /**
     * As {@link #publish(String, Object)}, the document made only when the frame is first
     * written (never, while nobody watches); {@code document} must give the same document
     * whenever it is called, from any thread.
     */
    public void publish(String event, Supplier<?> document) {
        synchronized (lock) {
            long id = ++lastId;
            Frame frame = new Frame(id, event, document);
            if (ring.size() == limits.ring()) {
                ring.removeFirst();
            }
            ring.addLast(frame);
            for (Watcher w : watchers) {
                w.offer(frame);
            }
        }
    }

    /** The id of the latest frame, 0 before the first. */
    public long lastId() {
        synchronized (lock) {
            return lastId;
        }
    }

    /** Watchers connected now. */
    public int watchers() {
        synchronized (lock) {
            return watchers.size();
        }
    }

    /**
     * Answers the request on {@code channel} with the stream, from the frame after
     * {@code lastEventId} when the client sent one (-1: from now). Runs {@code refuse} instead,
     * on the channel's event loop, when there are {@link Limits#watchers} already.
     */
    void open(Channel channel, HttpVersion version, long lastEventId, Runnable refuse) {
        if (!channel.eventLoop().inEventLoop()) {
            // The head must go out before any frame, and frames are written on the event loop.
            channel.eventLoop().execute(() -> open(channel, version, lastEventId, refuse));
            return;
        }
        Watcher w = new Watcher(channel);
        synchronized (lock) {
            if (watchers.size() >= limits.watchers()) {
                refuse.run();
                return;
            }
            HttpResponse head = new DefaultHttpResponse(version, HttpResponseStatus.OK);
            head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                    .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE)
                    .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED)
                    .set("X-Accel-Buffering", "no");
            channel.write(head);
            channel.write(text("retry: 2000\n\n"));
            watchers.add(w);
            if (lastEventId > lastId) {
                // An id this stream never sent: the client last heard an earlier run of the server.
                w.offer(new Frame(lastId, "id: " + lastId + "\nevent: reset\ndata: {}\n\n"));
            } else if (lastEventId >= 0 && lastEventId < lastId) {
                Frame first = ring.peekFirst();
                if (first == null || first.id() > lastEventId + 1 || lastId - lastEventId >= limits.queue()) {
                    // What was missed is no longer kept, or more than its queue holds: the client reloads its state.
                    w.offer(new Frame(lastId, "id: " + lastId + "\nevent: reset\ndata: {}\n\n"));
                } else {
                    for (Frame f : ring) {
                        if (f.id() > lastEventId) {
                            w.offer(f);
                        }
                    }
                }
            }
        }
        channel.flush();
        long every = limits.heartbeat().toNanos();
        w.heartbeat = channel.eventLoop().scheduleAtFixedRate(w::comment, every, every, TimeUnit.NANOSECONDS);
        channel.closeFuture().addListener(f -> {
            w.closed = true;
            w.heartbeat.cancel(false);
            synchronized (lock) {
                watchers.remove(w);
            }
        });
    }

    private static DefaultHttpContent text(String s) {
        return new DefaultHttpContent(Unpooled.copiedBuffer(s, StandardCharsets.UTF_8));
    }

    /** One connected client: its queue, drained on its channel's event loop. */
    private final class Watcher {
        private final Channel channel;
        private final Queue<byte[]> queue = new ConcurrentLinkedQueue<>();
        private final AtomicInteger size = new AtomicInteger();
        private final AtomicBoolean scheduled = new AtomicBoolean();
        private volatile boolean closed;
        private ScheduledFuture<?> heartbeat;

        Watcher(Channel channel) {
            this.channel = channel;
        }

        /** Called under the stream's lock: must not block. */
        void offer(Frame frame) {
            if (closed) {
                return;
            }
            if (size.incrementAndGet() > limits.queue()) {
                closed = true;
                log.info("events {}: {} frames behind, closing (it resumes with Last-Event-ID)",
                        channel.remoteAddress(), limits.queue());
                channel.eventLoop().execute(() -> channel.close());
                return;
            }
            queue.add(frame.bytes());
            schedule();
        }

        void schedule() {
            if (scheduled.compareAndSet(false, true)) {
                long batch = limits.batch().toNanos();
                if (batch == 0) {
                    channel.eventLoop().execute(this::drain);
                } else {
                    channel.eventLoop().schedule(this::drain, batch, TimeUnit.NANOSECONDS);
                }
            }
        }

        /**
         * On the event loop: writes what waits, as one chunk, when the socket takes it now; else
         * it waits for the next frame or heartbeat.
         */
        private void drain() {
            scheduled.set(false);
            if (closed || !channel.isWritable() || queue.isEmpty()) {
                return;
            }
            ByteBuf out = channel.alloc().buffer();
            byte[] bytes;
            while ((bytes = queue.poll()) != null) {
                size.decrementAndGet();
                out.writeBytes(bytes);
            }
            channel.writeAndFlush(new DefaultHttpContent(out));
        }

        /** On the event loop: the heartbeat, and a chance to drain what waited for the socket. */
        void comment() {
            if (!closed && channel.isActive()) {
                channel.writeAndFlush(text(":\n\n")).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
                drain();
            }
        }
    }
}
