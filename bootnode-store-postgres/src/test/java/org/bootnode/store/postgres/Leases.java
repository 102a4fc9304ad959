package org.bootnode.store.postgres;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.bootnode.dhcp.ClientId;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.dhcp.lease.Lease;

/** Leases and waits for the tests. */
final class Leases {
    /** Whole seconds: the database keeps microseconds, a lease read back must equal the one written. */
    static final Instant LATER = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofHours(1));

    private Leases() {}

    static MacAddress mac(int i) {
        return MacAddress.parse(String.format("02:00:00:00:%02x:%02x", (i >> 8) & 0xff, i & 0xff));
    }

    static Inet4Address ip(int i) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {10, 0, (byte) (i >> 8), (byte) i});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static Lease bound(int client, int address) {
        return new Lease(mac(client), ip(address), "node-" + client, LATER, Lease.State.BOUND);
    }

    static Lease boundWithId(int client, int address) {
        return new Lease(mac(client), ClientId.of(new byte[] {1, 2, 0, 0, 0, 0, (byte) client}), ip(address), "",
                LATER, Lease.State.BOUND);
    }

    /** Waits for the stage; returns its failure, or null when it succeeded. */
    static Throwable outcome(CompletionStage<?> stage) {
        try {
            stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("write did not complete within 20 s", e);
        }
    }

    /** Waits for the stage to succeed. */
    static void committed(CompletionStage<?> stage) {
        Throwable t = outcome(stage);
        if (t != null) {
            throw new AssertionError("write failed: " + t, t);
        }
    }

    /** Polls {@code condition} until it holds or {@code limit} passes (the store's threads make it true). */
    static void await(Duration limit, BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + limit.toNanos();
        Object monitor = new Object();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + limit);
            }
            synchronized (monitor) {
                try {
                    monitor.wait(20); // a poll interval: nothing to be woken by, the store changes on its own threads
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
    }
}
