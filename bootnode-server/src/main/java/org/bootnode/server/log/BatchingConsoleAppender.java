package org.bootnode.server.log;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.bootnode.dhcp.MacAddress;

/**
 * Writes log lines to standard error from a thread of its own, many lines to one
 * {@code write(2)}: the threads that log (Netty's event loops among them) only put the event
 * into a bounded queue and never wait for standard error. logback's {@code AsyncAppender} in
 * front of a {@code ConsoleAppender} did the same one line at a time: a write and two futex
 * wake-ups per line, a third of the system calls of a cached overlay answer in a boot storm.
 *
 * <p>The writer sleeps on the queue until a line arrives, then lingers {@code lingerMillis}
 * (default 10) while the rest of a burst collects without waking it, and writes everything
 * queued, in order, at most {@code maxBatchBytes} (default 64 KiB) to a write. So a line reaches
 * standard error at most about the linger after it was logged. When the queue ({@code
 * queueSize}, default 8192 lines) is full, a line is dropped rather than stall its thread, and
 * the next batch says how many were. {@link #stop()} (logback's shutdown hook) writes every line
 * still queued before it returns, waiting at most {@code maxFlushTime} ms (default 2000).
 */
public final class BatchingConsoleAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    private Encoder<ILoggingEvent> encoder;
    private int queueSize = 8192;
    private int lingerMillis = 10;
    private int maxBatchBytes = 64 * 1024;
    private int maxFlushTime = 2000;
    private Supplier<OutputStream> target = () -> System.err;

    private BlockingQueue<ILoggingEvent> queue;
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean running;
    private Thread writer;

    /** The encoder that turns an event into its line. */
    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    /** Lines waiting at most; further lines are dropped. */
    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    /** How long the writer waits, after the first line of a batch, for more. */
    public void setLingerMillis(int lingerMillis) {
        this.lingerMillis = lingerMillis;
    }

    /** The most bytes written at once (a longer line is written alone). */
    public void setMaxBatchBytes(int maxBatchBytes) {
        this.maxBatchBytes = maxBatchBytes;
    }

    /** How long {@link #stop()} waits for the lines still queued to be written. */
    public void setMaxFlushTime(int maxFlushTime) {
        this.maxFlushTime = maxFlushTime;
    }

    /** Where the lines go (default: standard error as it is at each write). For tests. */
    void setTarget(Supplier<OutputStream> target) {
        this.target = target;
    }

    @Override
    public void start() {
        if (encoder == null) {
            addError("no encoder for appender " + name);
            return;
        }
        if (queueSize < 1 || lingerMillis < 0 || maxBatchBytes < 1 || maxFlushTime < 0) {
            addError("queueSize: " + queueSize + ", lingerMillis: " + lingerMillis + ", maxBatchBytes: " + maxBatchBytes
                    + ", maxFlushTime: " + maxFlushTime + " (expected: 1 or more, 0 or more, 1 or more, 0 or more)");
            return;
        }
        queue = new ArrayBlockingQueue<>(queueSize);
        running = true;
        writer = new Thread(this::drain, "bootnode-log");
        writer.setDaemon(true);
        super.start();
        writer.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (unchanging(event.getArgumentArray())) {
            // Formatted by the writer: the arguments cannot change meanwhile. What is the
            // thread's own is taken now (a pattern may print the thread's name or the MDC).
            event.getThreadName();
            event.getMDCPropertyMap();
        } else {
            // Formatted here, on the thread that logged, while its arguments are as logged.
            event.prepareForDeferredProcessing();
        }
        if (!queue.offer(event)) {
            dropped.incrementAndGet();
        }
    }

    /**
     * Whether every argument's text is the same whenever it is made: strings, boxed integers and
     * booleans, enums and MACs. A boot storm logs a line per boot step on the event loops; its
     * formatting then runs on the writer's thread instead.
     */
    static boolean unchanging(Object[] arguments) {
        if (arguments == null) {
            return true;
        }
        for (Object a : arguments) {
            if (!(a == null || a instanceof String || a instanceof Long || a instanceof Integer || a instanceof MacAddress
                    || a instanceof Boolean || a instanceof Enum<?>)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        running = false;
        LockSupport.unpark(writer);
        try {
            writer.join(maxFlushTime);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            addWarn(queue.size() + " log lines not written within " + maxFlushTime + " ms of stop");
        }
    }

    private void drain() {
        List<ILoggingEvent> batch = new ArrayList<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(maxBatchBytes);
        while (running || !queue.isEmpty()) {
            try {
                ILoggingEvent first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
            } catch (InterruptedException e) {
                continue;
            }
            if (running && lingerMillis > 0) {
                // The rest of the burst: offers to a queue nobody waits on wake nobody.
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(lingerMillis));
            }
            queue.drainTo(batch);
            write(batch, bytes);
            batch.clear();
        }
    }

    private void write(List<ILoggingEvent> batch, ByteArrayOutputStream bytes) {
        long lost = dropped.getAndSet(0);
        if (lost > 0) {
            byte[] line = (lost + " log lines dropped: the log's queue was full\n").getBytes(StandardCharsets.UTF_8);
            bytes.write(line, 0, line.length);
        }
        for (ILoggingEvent event : batch) {
            byte[] line;
            try {
                line = encoder.encode(event);
            } catch (RuntimeException e) {
                addError("cannot encode a log line", e);
                continue;
            }
            if (bytes.size() > 0 && bytes.size() + line.length > maxBatchBytes) {
                flush(bytes);
            }
            bytes.write(line, 0, line.length);
        }
        flush(bytes);
    }

    private void flush(ByteArrayOutputStream bytes) {
        if (bytes.size() == 0) {
            return;
        }
        OutputStream out = target.get();
        try {
            bytes.writeTo(out);
            out.flush();
        } catch (IOException e) {
            addError("cannot write the log", e);
        }
        bytes.reset();
    }
}
