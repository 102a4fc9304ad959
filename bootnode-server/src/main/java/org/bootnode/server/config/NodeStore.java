package org.bootnode.server.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where the nodes added and changed through the admin API are kept, beside the main
 * configuration file: {@link FileNodeStore} (the {@code node-files} setting: a folder of YAML
 * files, or one file). Small on purpose, so that another store (PostgreSQL, issue 22) can hold
 * them: load every node, put one, remove one.
 *
 * <p>A node is kept as its definition, not as a resolved {@link NodeSpec}: the fields of a
 * node in the configuration's {@code nodes:} mapping ({@code mac}, {@code ip}, {@code image},
 * {@code group}, {@code cmdline}, {@code options}, {@code boot-files}), values as YAML holds them
 * (text, or mappings and lists of text). The configuration's rules check them when they are
 * read with the rest ({@link ConfigReader}), so a store never decides what is valid.
 *
 * <p>Callers serialize changes (the server's reload lock): {@link #read} the configuration with
 * the change, then {@link #put} or {@link #remove}, which return once the change is durable. A
 * store that other servers change too (PostgreSQL) refuses a change when its nodes changed since
 * that read ({@link StaleException}): the caller reads and checks again.
 */
public interface NodeStore {
    /**
     * One node's definition.
     *
     * @param name its name (a host name label, checked by {@link BootConfig#isName})
     * @param fields its fields, in order, as a {@code nodes:} entry holds them
     */
    record StoredNode(String name, Map<String, Object> fields) {
        /** Checks the name and copies the fields, keeping their order. */
        public StoredNode {
            BootConfig.checkName("node", name);
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(fields, "fields")));
        }
    }

    /** One change: {@code node} put under {@code name}, or the node {@code name} removed when {@code node} is null. */
    record Change(String name, StoredNode node) {
        /** Checks that the node, if any, is the one named. */
        public Change {
            Objects.requireNonNull(name, "name");
            if (node != null && !node.name().equals(name)) {
                throw new IllegalArgumentException("node: " + node.name() + " (expected: " + name + ")");
            }
        }
    }

    /** The store's nodes changed since they were read: nothing was written; read and check again. */
    final class StaleException extends IOException {
        /** Names the change. */
        public StaleException(String message) {
            super(message);
        }
    }

    /** The origin ({@link BootConfig#nodeOrigin}) of a node this store keeps: its file, or where a database keeps it. */
    Path originOf(String name);

    /**
     * The configuration {@code main} describes, with this store's nodes as they are now and with
     * {@code change} applied (null: none), checked by every rule of {@code config check}.
     *
     * @throws ConfigException the configuration, so changed, has problems
     * @throws StaleException (a store other servers change) the nodes changed since the read
     *     before this one, on which the caller judged the change
     * @throws IOException the store cannot be read
     */
    BootConfig read(Path main, Change change) throws ConfigException, IOException;

    /** Every node kept, in a stable order. */
    List<StoredNode> loadAll() throws IOException;

    /** Adds the node, or replaces the one of that name; durable when it returns. */
    void put(StoredNode node) throws IOException;

    /** Removes the node of that name, if kept; durable when it returns. */
    void remove(String name) throws IOException;
}
