package org.bootnode.storm;

import io.netty.channel.EventLoopGroup;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.bootnode.dhcp.DhcpMessage;
import org.bootnode.dhcp.DhcpMessageType;
import org.bootnode.dhcp.OptionKey;

/**
 * One simulated node's boot, the whole chain a real node goes through: DHCP as PXE firmware, the
 * boot file over TFTP (blksize 1432 and tsize, as iPXE's undionly and the ROMs ask), DHCP as
 * iPXE, the script, kernel and initrd over HTTP, then the image's {@code booted} report. Every
 * URL comes from the server: the DHCP boot file (settings expanded as iPXE does), the script's
 * {@code kernel} and {@code initrd} lines and the kernel's {@code bootnode.booted=} argument.
 *
 * <p>Non-blocking: each step is a future continued on the event loop that completed the one
 * before. Retries are bounded by the firmware's schedules in {@link StormConfig}.
 */
final class NodeBoot {
    /** What iPXE keeps of a script at most; bootnode's are about 2 KiB. */
    private static final int SCRIPT_LIMIT = 256 << 10;
    private static final int TFTP_BLKSIZE = 1432;

    private final SimulatedNode node;
    private final StormConfig config;
    private final DhcpRelay relay;
    private final HttpGet http;
    private final Loops loops;
    private final EventLoopGroup group;
    private final long[] stageNanos = new long[Stage.values().length];
    private long startNanos;
    private Stage current;
    private final int[] retries = new int[Stage.values().length];
    private final long[] lastAttemptNanos = new long[Stage.values().length];
    private Inet4Address pxeAddress;
    private long tftpBytes;
    private Inet4Address address;

    NodeBoot(SimulatedNode node, StormConfig config, DhcpRelay relay, HttpGet http, Loops loops) {
        this.node = node;
        this.config = config;
        this.relay = relay;
        this.http = http;
        this.loops = loops;
        this.group = loops.group();
    }

    /** Powers the node on now; the future never fails, it carries the outcome. */
    CompletableFuture<NodeResult> start() {
        startNanos = System.nanoTime();
        return timed(Stage.DHCP_PXE, () -> dora(DhcpRequests.Firmware.PXE, 2))
                .thenCompose(this::tftp)
                .thenCompose(ignored -> timed(Stage.DHCP_IPXE, () -> dora(DhcpRequests.Firmware.IPXE, 2)))
                .thenCompose(this::script)
                .thenCompose(links -> timed(Stage.KERNEL, () -> fetch(links.kernel(), 0))
                        .thenCompose(k -> timed(Stage.INITRD, () -> fetch(links.initrd(), 0)))
                        .thenCompose(i -> links.booted().isEmpty() ? CompletableFuture.completedFuture(null)
                                : kernelStarts().thenCompose(v -> timed(Stage.BOOTED, () -> fetch(links.booted().get(), 4096)))))
                .handle((ok, failure) -> result(failure));
    }

    /** The outcome of a node still running when the storm's limit passed. */
    NodeResult unfinished(Duration limit) {
        NodeResult r = result(new StormException("not finished within " + limit.toSeconds() + " s"));
        return startNanos == 0 ? new NodeResult(node, r.error(), Stage.DHCP_PXE, 0, 0, r.stageNanos(), null, null, r.retries(), r.lastAttemptNanos(), 0) : r;
    }

    /** The kernel and the image's init starting, between the initrd and the report. */
    private CompletableFuture<Void> kernelStarts() {
        return config.bootDelay().isZero() ? CompletableFuture.completedFuture(null) : Delay.after(group, config.bootDelay());
    }

    private NodeResult result(Throwable failure) {
        long end = System.nanoTime();
        String error = null;
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            error = Escape.text(message);
        }
        return new NodeResult(node, error, failure == null ? null : current, startNanos, end, stageNanos.clone(),
                pxeAddress, address, retries.clone(), lastAttemptNanos.clone(), tftpBytes);
    }

    private <T> CompletableFuture<T> timed(Stage stage, Supplier<CompletableFuture<T>> step) {
        current = stage;
        long t0 = System.nanoTime();
        return step.get().whenComplete((r, e) -> stageNanos[stage.ordinal()] = System.nanoTime() - t0);
    }

    private int secs() {
        return (int) ((System.nanoTime() - startNanos) / 1_000_000_000L);
    }

    /** DISCOVER, OFFER, REQUEST, ACK; a NAK starts over, at most {@code restarts} times. */
    private CompletableFuture<DhcpMessage> dora(DhcpRequests.Firmware fw, int restarts) {
        var waits = fw == DhcpRequests.Firmware.PXE ? config.pxeDhcpWaits() : config.ipxeDhcpWaits();
        int xid = ThreadLocalRandom.current().nextInt();
        return relay.exchange(x -> DhcpRequests.discover(node, fw, x, secs(), config.relay()),
                        t -> t == 0 ? xid : ThreadLocalRandom.current().nextInt(),
                        m -> is(m, DhcpMessageType.OFFER) && !m.yiaddr().equals(DhcpMessage.ANY), waits)
                .thenCompose(offer -> relay.exchange(x -> DhcpRequests.request(node, fw, x, secs(), config.relay(), offer),
                                t -> t == 0 ? offer.xid() : ThreadLocalRandom.current().nextInt(),
                                m -> is(m, DhcpMessageType.ACK) || is(m, DhcpMessageType.NAK), waits)
                        .thenCompose(ack -> {
                            if (is(ack, DhcpMessageType.NAK)) {
                                if (restarts == 0) {
                                    return CompletableFuture.failedFuture(new StormException(fw + " DHCP: NAK after restarts"));
                                }
                                retries[current.ordinal()]++;
                                return dora(fw, restarts - 1);
                            }
                            if (!ack.yiaddr().equals(offer.yiaddr())) {
                                return CompletableFuture.failedFuture(new StormException(fw + " DHCP: ACK for "
                                        + ack.yiaddr().getHostAddress() + " after an offer of " + offer.yiaddr().getHostAddress()));
                            }
                            return CompletableFuture.completedFuture(ack);
                        }));
    }

    private static boolean is(DhcpMessage m, DhcpMessageType type) {
        return m.messageType().map(type::equals).orElse(false);
    }

    /** The firmware reads {@code file} and siaddr (PXE 2.1; it ignores option 66). */
    private CompletableFuture<Long> tftp(DhcpMessage ack) {
        pxeAddress = ack.yiaddr();
        String file = !ack.bootFile().isEmpty() ? ack.bootFile() : ack.option(OptionKey.BOOT_FILE_NAME).orElse("");
        if (file.isEmpty() || ack.siaddr().equals(DhcpMessage.ANY)) {
            current = Stage.TFTP;
            return CompletableFuture.failedFuture(new StormException("PXE ACK without a boot file or next server"));
        }
        InetSocketAddress server = new InetSocketAddress(ack.siaddr(), 69);
        InetSocketAddress local = new InetSocketAddress(pxeAddress, 0);
        return timed(Stage.TFTP, () -> withRetries(() -> TftpFetch.get(loops, local, server, file, TFTP_BLKSIZE,
                        config.tftpTimeout(), config.tftpRetries()), config.attempts())
                .thenCompose(bytes -> bytes == 0
                        ? CompletableFuture.failedFuture(new StormException("TFTP " + Escape.text(file) + ": empty"))
                        : CompletableFuture.completedFuture(bytes))
                .whenComplete((bytes, e) -> tftpBytes = bytes == null ? 0 : bytes));
    }

    /** iPXE reads option 67 (else {@code file}), expands its settings, and fetches the script. */
    private CompletableFuture<ScriptLinks> script(DhcpMessage ack) {
        address = ack.yiaddr();
        current = Stage.SCRIPT;
        URI url;
        try {
            String file = ack.option(OptionKey.BOOT_FILE_NAME).orElse(ack.bootFile());
            url = new URI(ScriptLinks.expand(file, node, address));
        } catch (StormException | URISyntaxException e) {
            return CompletableFuture.failedFuture(new StormException("iPXE boot file: " + Escape.text(e.getMessage())));
        }
        return timed(Stage.SCRIPT, () -> fetch(url, SCRIPT_LIMIT).thenCompose(r -> {
            try {
                return CompletableFuture.completedFuture(ScriptLinks.parse(r.text(), url));
            } catch (StormException e) {
                return CompletableFuture.failedFuture(e);
            }
        }));
    }

    private CompletableFuture<HttpGet.Result> fetch(URI url, int keep) {
        return withRetries(() -> http.get(address, url, keep).thenCompose(r -> r.status() / 100 == 2
                ? CompletableFuture.completedFuture(r)
                : CompletableFuture.failedFuture(new StormException("HTTP " + r.status() + " for " + Escape.text(url.toString())))),
                config.attempts());
    }

    /** Up to {@code left} attempts {@link StormConfig#retryWait()} apart; times the last one apart. */
    private <T> CompletableFuture<T> withRetries(Supplier<CompletableFuture<T>> attempt, int left) {
        Stage stage = current;
        long t0 = System.nanoTime();
        return attempt.get().handle((r, e) -> {
            lastAttemptNanos[stage.ordinal()] = System.nanoTime() - t0;
            if (e == null) {
                return CompletableFuture.completedFuture(r);
            }
            if (left <= 1) {
                return CompletableFuture.<T>failedFuture(e);
            }
            retries[stage.ordinal()]++;
            return Delay.after(group, config.retryWait()).thenCompose(v -> withRetries(attempt, left - 1));
        }).thenCompose(f -> f);
    }
}
