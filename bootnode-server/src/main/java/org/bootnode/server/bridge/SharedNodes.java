package org.bootnode.server.bridge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.bootnode.server.config.BootConfig;
import org.bootnode.server.config.ConfigException;
import org.bootnode.server.config.ConfigReader;
import org.bootnode.server.config.FileNodeStore;
import org.bootnode.server.config.NodeStore;
import org.bootnode.server.config.ServerSection;
import org.bootnode.server.config.StoreSection;
import org.bootnode.server.log.LogText;
import org.bootnode.store.postgres.PostgresNodeTable;
import org.bootnode.store.postgres.StoreStartException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code store: { postgres: ... }}: the admin API's nodes in the database every head node given
 * that database shares (bootnode-store-postgres's {@link PostgresNodeTable}), instead of node
 * files. A node is kept as its definition in JSON; the configuration reader checks the stored
 * nodes by the rules of node files ({@link ConfigReader#readWithStored}), their origin being
 * {@code postgresql:nodes/<name>}.
 *
 * <p>A change is written only if the table is at the generation that {@link #read} saw (one
 * transaction), so two servers never both apply a change checked against the same old nodes:
 * the later gets {@link StaleException} and checks again. The other servers learn of a change
 * by polling the table's generation every second ({@link #poll}) on a thread of their own: a
 * one-row read, which also notices changes made while a server's connection was down (a missed
 * NOTIFY would not be heard again), at the cost of up to a second's delay.
 */
public final class SharedNodes implements NodeStore, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SharedNodes.class);
    /** The origin of every stored node, for messages and {@link BootConfig#nodeOrigin}. */
    public static final Path ORIGIN = Path.of("postgresql:nodes");
    private static final TypeReference<LinkedHashMap<String, Object>> FIELDS = new TypeReference<>() {};

    private final PostgresNodeTable table;
    private final ObjectMapper json = new ObjectMapper();
    private final ScheduledExecutorService poller;
    /** The generation of the nodes last read by {@link #read} (and written since): what a change must find. */
    private volatile long generation = -1;

    private SharedNodes(PostgresNodeTable table) {
        this.table = table;
        this.poller = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("bootnode-nodes", true));
    }

    /**
     * Connects and migrates the schema.
     *
     * @throws StoreStartException the database is unreachable, refused the credentials, or holds
     *     a newer schema
     */
    public static SharedNodes open(StoreSection.Postgres pg, ServerSection server) {
        PostgresNodeTable.Builder b = PostgresNodeTable.builder().url(pg.url()).serverName(server.address().getHostAddress());
        if (pg.user() != null) {
            b.user(pg.user());
        }
        if (pg.passwordFile() != null) {
            b.passwordFile(pg.passwordFile());
        }
        return new SharedNodes(b.build());
    }

    /**
     * Every {@code intervalMillis}, reads the table's generation and hands it to {@code seen}, on
     * the poller's thread: the server compares it with the generation it serves and, when
     * another server changed the nodes, {@link #read}s the configuration and reloads.
     */
    public void poll(long intervalMillis, LongConsumer seen) {
        poller.scheduleWithFixedDelay(new Runnable() {
            private boolean failing;

            @Override
            public void run() {
                try {
                    long now = table.generation();
                    if (failing) {
                        log.info("store: node table {} answers again", table.describe());
                        failing = false;
                    }
                    seen.accept(now);
                } catch (IOException e) {
                    if (!failing) {
                        log.warn("store: node table: {}: changes made on other servers are not seen until it answers",
                                e.getMessage());
                        failing = true;
                    }
                } catch (RuntimeException e) {
                    log.error("store: node table: {}", LogText.escape(e.toString()));
                }
            }
        }, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    /** The generation of the nodes last read ({@link #read}) or written through this store. */
    public long generation() {
        return generation;
    }

    @Override
    public Path originOf(String name) {
        if (!BootConfig.isName(name)) {
            throw new IllegalArgumentException("name: not a node name");
        }
        return ORIGIN.resolve(name);
    }

    /**
     * {@inheritDoc}
     *
     * <p>With a change, the table must still be at the generation of the read before it (the one
     * the caller judged the change on), else {@link StaleException}; the change is then written
     * only from that generation.
     */
    @Override
    public synchronized BootConfig read(Path main, Change change) throws ConfigException, IOException {
        PostgresNodeTable.Snapshot snapshot = snapshot();
        if (change != null && snapshot.generation() != generation) {
            // The change was judged (If-Match, names) on the nodes read before: they are gone.
            // The generation stays, so that no write follows from this read: read again first.
            throw new StaleException("node " + change.name() + ": the nodes changed on another server since they were read");
        }
        generation = snapshot.generation();
        Map<String, StoredNode> nodes = new LinkedHashMap<>();
        for (StoredNode n : nodes(snapshot)) {
            nodes.put(n.name(), n);
        }
        if (change != null) {
            if (change.node() == null) {
                nodes.remove(change.name());
            } else {
                nodes.put(change.name(), change.node());
            }
        }
        Map<Path, String> texts = new LinkedHashMap<>();
        for (StoredNode n : nodes.values()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put(n.name(), n.fields());
            texts.put(originOf(n.name()), FileNodeStore.render(one));
        }
        return ConfigReader.readWithStored(main, texts);
    }

    @Override
    public List<StoredNode> loadAll() throws IOException {
        return nodes(snapshot());
    }

    @Override
    public synchronized void put(StoredNode node) throws IOException {
        String text;
        try {
            text = json.writeValueAsString(node.fields());
        } catch (JsonProcessingException e) {
            throw new IOException("node " + node.name() + ": cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
        if (text.length() > PostgresNodeTable.MAX_DEFINITION) {
            throw new IOException("node " + node.name() + ": " + text.length() + " characters (expected: at most "
                    + PostgresNodeTable.MAX_DEFINITION + ")");
        }
        changed(table.put(generation, node.name(), text), node.name());
    }

    @Override
    public synchronized void remove(String name) throws IOException {
        changed(table.remove(generation, name), name);
    }

    private void changed(boolean written, String name) throws StaleException {
        if (!written) {
            throw new StaleException("node " + name + ": the nodes changed on another server since generation " + generation);
        }
        generation++;
    }

    private PostgresNodeTable.Snapshot snapshot() throws IOException {
        return table.read();
    }

    private List<StoredNode> nodes(PostgresNodeTable.Snapshot snapshot) throws IOException {
        List<StoredNode> out = new ArrayList<>();
        for (PostgresNodeTable.Row row : snapshot.rows()) {
            try {
                out.add(new StoredNode(row.name(), json.readValue(row.definition(), FIELDS)));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                throw new IOException(originOf(row.name()) + ": not a node's definition: " + LogText.escape(e.getMessage()), e);
            }
        }
        return out;
    }

    /** Stops polling and closes the connection. */
    @Override
    public void close() {
        poller.shutdownNow();
        try {
            if (!poller.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("store: node table poller did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        table.close();
    }
}
