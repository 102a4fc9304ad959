package org.bootnode.storm;

import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A wait on an event loop's timer, as a future: no thread sleeps. */
final class Delay {
    private Delay() {}

    static CompletableFuture<Void> after(EventLoopGroup group, Duration wait) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        group.next().schedule(() -> f.complete(null), wait.toNanos(), TimeUnit.NANOSECONDS);
        return f;
    }
}
