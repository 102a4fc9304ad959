package org.bootnode.dhcp.lease;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.bootnode.dhcp.ClientId;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.dhcp.internal.Inet4;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link LeaseStore}: memory for reads, an append-only journal on disk for crashes.
 *
 * <p>Each change is one text line ending in a CRC-32 of the line, so a line torn by a crash is
 * recognised on replay:
 * <pre>
 * B fc:ab:14:e8:66:01 10.0.0.10 1767225600 node-000 3a5f0c11     bound until (epoch seconds), host name
 * D fc:ab:14:e8:66:09 10.0.0.120 1767225600 - 0badcafe            declined (address set aside)
 * R fc:ab:14:e8:66:01 10.0.0.10 1b2c3d4e                         released
 * B 02:00:00:00:00:07 10.0.0.150 1767225600 - 01:02:00:00:00:00:07 5e6f7a8b   bound to a client identifier
 * R 02:00:00:00:00:07 10.0.0.150 01:02:00:00:00:00:07 0c0ffee0               released by it
 * </pre>
 * A client that sent a client identifier (option 61) has it as one more field before the CRC;
 * a line without it is a client named by its hardware address. Journals written before client
 * identifiers were kept have only such lines, and replay as they did.
 *
 * <p>On replay a last line without its newline (a write torn by a crash) is dropped. A damaged
 * line anywhere else never costs the records after it: every line that reads is kept, and
 * {@link JournalDamage} decides between keeping a copy of the damaged file aside (logged at
 * error) and refusing to open.
 *
 * <p>One writer thread appends whatever has queued up and calls {@code fsync} once for the batch
 * (group commit), then completes the batch's futures: a write's stage completes only when it is
 * on disk. When the journal holds many more lines than live leases, the writer rewrites it as a
 * snapshot (write a temporary file, fsync, rename over the journal, fsync the folder).
 */
public final class JournalLeaseStore implements LeaseStore {
    private static final Logger log = LoggerFactory.getLogger(JournalLeaseStore.class);
    private static final int QUEUE_LIMIT = 65536;
    private static final int COMPACT_MIN_LINES = 4096;

    private final Path file;
    private final Clock clock;
    private final LeaseTable table = new LeaseTable();
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE_LIMIT);
    private final Thread writer;
    private FileChannel channel;
    private long lines;
    private volatile boolean closed;

    private record Pending(String line, CompletableFuture<Void> done) { }

    /** Wakes the writer on close. */
    private static final Pending STOP = new Pending(null, null);

    private JournalLeaseStore(Path file, Clock clock, JournalDamage onDamage) throws IOException {
        this.file = file;
        this.clock = clock;
        Files.createDirectories(file.toAbsolutePath().getParent());
        boolean rewrite = replay(onDamage);
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        if (rewrite) {
            try {
                compact(); // the damaged original is kept aside: the journal starts clean from what was read
            } catch (IOException e) {
                channel.close();
                throw e;
            }
        }
        writer = new Thread(this::run, "bootnode-dhcp-journal");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Opens (or creates) the journal at {@code file} and replays it; damaged records are kept
     * aside ({@link JournalDamage#KEEP_ASIDE}).
     */
    public static JournalLeaseStore open(Path file, Clock clock) {
        return open(file, clock, JournalDamage.KEEP_ASIDE);
    }

    /**
     * Opens (or creates) the journal at {@code file} and replays it; {@code onDamage} says what
     * to do with damaged records.
     *
     * @throws UncheckedIOException when the file cannot be read or written, or is damaged and
     *     {@code onDamage} is {@link JournalDamage#REFUSE}: the message names the file and the lines
     */
    public static JournalLeaseStore open(Path file, Clock clock, JournalDamage onDamage) {
        try {
            return new JournalLeaseStore(file, clock, Objects.requireNonNull(onDamage, "onDamage"));
        } catch (IOException e) {
            throw new UncheckedIOException("lease journal " + file + ": " + e.getMessage(), e);
        }
    }

    public static JournalLeaseStore open(Path file) {
        return open(file, Clock.systemUTC());
    }

    @Override
    public Optional<Lease> byClient(MacAddress mac, ClientId clientId) {
        return table.byClient(mac, clientId);
    }

    @Override
    public Optional<Lease> byAddress(Inet4Address address) {
        return table.byAddress(address);
    }

    @Override
    public CompletionStage<Void> put(Lease lease) {
        table.put(lease);
        return enqueue(format(lease));
    }

    @Override
    public CompletionStage<Void> release(MacAddress mac, ClientId clientId, Inet4Address address) {
        if (!table.release(mac, clientId, address)) {
            return CompletableFuture.completedFuture(null);
        }
        return enqueue(withCrc("R " + mac + " " + address.getHostAddress() + (clientId == null ? "" : " " + clientId)));
    }

    @Override
    public Collection<Lease> all() {
        return List.copyOf(table.all());
    }

    private CompletionStage<Void> enqueue(String line) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed) {
            done.completeExceptionally(new IllegalStateException("lease journal closed"));
        } else if (!queue.offer(new Pending(line, done))) { // never block the caller (an event loop)
            done.completeExceptionally(new IOException("lease journal queue full (" + QUEUE_LIMIT + ")"));
        }
        return done;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (true) {
            try {
                Pending first = queue.poll(1, TimeUnit.SECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch);
                }
                boolean stop = batch.remove(STOP) | (closed && batch.isEmpty());
                if (!batch.isEmpty()) {
                    writeBatch(batch);
                }
                if (stop) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void writeBatch(List<Pending> batch) {
        StringBuilder sb = new StringBuilder(batch.size() * 64);
        for (Pending p : batch) {
            sb.append(p.line()).append('\n');
        }
        try {
            ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            channel.force(false);
            lines += batch.size();
            for (Pending p : batch) {
                p.done().complete(null);
            }
        } catch (IOException | RuntimeException e) {
            for (Pending p : batch) {
                p.done().completeExceptionally(e);
            }
            return;
        }
        if (lines > Math.max(COMPACT_MIN_LINES, 4L * table.size())) {
            try {
                compact();
            } catch (IOException e) {
                // The journal is still complete; compaction is retried after the next batch.
            }
        }
    }

    /** Rewrites the journal as one line per active lease. Runs on the writer thread. */
    private void compact() throws IOException {
        Instant now = clock.instant();
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        StringBuilder sb = new StringBuilder();
        long n = 0;
        for (Lease l : table.all()) {
            if (l.isActive(now)) {
                sb.append(format(l)).append('\n');
                n++;
            }
        }
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                out.write(buf);
            }
            out.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(file.toAbsolutePath().getParent());
        channel.close();
        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        lines = n;
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some file systems cannot sync a directory; the rename itself is atomic.
        }
    }

    /**
     * Reads the journal into memory. A last record without its newline is the torn write of a
     * crash: it is dropped (cut off, so that appends start on a fresh line). Any other record that
     * does not read is damage: every record that reads is kept, and then {@link JournalDamage}
     * decides. Nothing that could not be read is ever cut off or overwritten without a copy.
     *
     * @return whether the journal must be rewritten from memory (damage was kept aside)
     */
    private boolean replay(JournalDamage onDamage) throws IOException {
        if (!Files.exists(file)) {
            return false;
        }
        byte[] all = Files.readAllBytes(file);
        List<String> damaged = new ArrayList<>();
        int damagedCount = 0;
        int start = 0;
        int lineNo = 0;
        int torn = -1;
        Instant now = clock.instant();
        while (start < all.length) {
            int nl = start;
            while (nl < all.length && all[nl] != '\n') {
                nl++;
            }
            lineNo++;
            if (nl == all.length) {
                torn = start;
                break;
            }
            String problem = apply(new String(all, start, nl - start, StandardCharsets.UTF_8), now);
            if (problem != null) {
                damagedCount++;
                if (damaged.size() < 10) {
                    damaged.add("line " + lineNo + ": " + problem);
                }
            } else {
                lines++;
            }
            start = nl + 1;
        }
        if (damagedCount > 0) {
            String what = damagedCount + " damaged record" + (damagedCount == 1 ? "" : "s") + " (" + String.join("; ", damaged)
                    + (damagedCount > damaged.size() ? "; ..." : "") + ")";
            if (onDamage == JournalDamage.REFUSE) {
                throw new IOException(what + "; the file is left as it is: repair or move it, or let the server keep"
                        + " damaged journals aside and go on");
            }
            Path aside = keepAside();
            log.error("DHCP lease journal {}: {}; kept {} good records, the damaged file is kept as {}", file, what, lines, aside);
            return true;
        }
        if (torn >= 0) {
            log.warn("DHCP lease journal {}: dropped a torn last record ({} bytes, a write cut short by a crash)", file,
                    all.length - torn);
            try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
                c.truncate(torn);
                c.force(true);
            }
        }
        return false;
    }

    /** Copies the journal next to itself as {@code <name>.damaged-<time>}, never over an earlier copy. */
    private Path keepAside() throws IOException {
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(clock.instant());
        for (int i = 0; ; i++) {
            Path aside = file.resolveSibling(file.getFileName() + ".damaged-" + stamp + (i == 0 ? "" : "-" + i));
            try {
                Files.copy(file, aside);
                try (FileChannel c = FileChannel.open(aside, StandardOpenOption.WRITE)) {
                    c.force(true);
                }
                syncDirectory(file.toAbsolutePath().getParent());
                return aside;
            } catch (FileAlreadyExistsException e) {
                if (i >= 100) {
                    throw e;
                }
            }
        }
    }

    /** Applies one journal line; the problem with it, or null when it was applied. */
    private String apply(String line, Instant now) {
        int sp = line.lastIndexOf(' ');
        if (sp < 0) {
            return "no checksum";
        }
        String body = line.substring(0, sp);
        if (!line.substring(sp + 1).equals(crc(body))) {
            return "checksum mismatch";
        }
        String[] f = body.split(" ");
        try {
            switch (f[0]) {
                case "B", "D" -> {
                    if (f.length != 5 && f.length != 6) {
                        return f.length + " fields (expected: 5 or 6)";
                    }
                    ClientId id = f.length == 6 ? ClientId.parse(f[5]) : null;
                    Lease l = new Lease(MacAddress.parse(f[1]), id, Inet4.parse(f[2]), f[4].equals("-") ? "" : unescape(f[4]),
                            Instant.ofEpochSecond(Long.parseLong(f[3])), f[0].equals("B") ? Lease.State.BOUND : Lease.State.DECLINED);
                    table.put(l);
                }
                case "R" -> {
                    if (f.length != 3 && f.length != 4) {
                        return f.length + " fields (expected: 3 or 4)";
                    }
                    table.release(MacAddress.parse(f[1]), f.length == 4 ? ClientId.parse(f[3]) : null, Inet4.parse(f[2]));
                }
                default -> {
                    return "unknown record type";
                }
            }
        } catch (IllegalArgumentException | DateTimeException e) {
            return "bad field";
        }
        return null;
    }

    private static String format(Lease l) {
        return withCrc((l.state() == Lease.State.BOUND ? "B " : "D ") + l.mac() + " " + l.address().getHostAddress() + " "
                + l.expires().getEpochSecond() + " " + (l.hostName().isEmpty() ? "-" : escape(l.hostName()))
                + (l.clientId() == null ? "" : " " + l.clientId()));
    }

    private static String withCrc(String body) {
        return body + " " + crc(body);
    }

    private static String crc(String body) {
        CRC32 c = new CRC32();
        c.update(body.getBytes(StandardCharsets.UTF_8));
        String hex = Long.toHexString(c.getValue());
        return "00000000".substring(hex.length()) + hex;
    }

    /** Host names are single tokens: percent-escape space, '%', '-' alone and control characters. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c <= 0x20 || c == '%' || c >= 0x7f) {
                sb.append('%').append(String.format("%02x", c));
            } else {
                sb.append((char) c);
            }
        }
        return s.equals("-") ? "%2d" : sb.toString();
    }

    static String unescape(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new IllegalArgumentException("bad escape in " + s);
                }
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Waits for queued writes to reach the disk, then stops the writer and closes the file. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.offer(STOP); // if the queue is full, the writer sees `closed` within a second
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // A write that raced with close: fail it rather than leave it pending.
        for (Pending p; (p = queue.poll()) != null; ) {
            if (p.done() != null) {
                p.done().completeExceptionally(new IllegalStateException("lease journal closed"));
            }
        }
        try {
            channel.force(true);
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("lease journal " + file + ": " + e.getMessage(), e);
        }
    }
}
