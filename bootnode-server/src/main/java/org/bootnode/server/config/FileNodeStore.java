package org.bootnode.server.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.schema.FailsafeSchema;

/**
 * The node files ({@code node-files}): either a folder, whose {@code *.yaml} files each hold a
 * {@code nodes:} mapping and where a node added through the API gets {@code <folder>/<name>.yaml}
 * of its own, or one file (a name ending in {@code .yaml} or {@code .yml}) holding them all.
 * Hidden files and other names in the folder are not read.
 *
 * <p>Every write is atomic and durable (a reader sees the old file or the new one, and after a
 * crash one of the two): write a temporary file beside it, fsync it, rename it over the file,
 * fsync the folder. A removal deletes the file and fsyncs the folder. Comments survive in the
 * files the API does not write; a file it writes it writes whole.
 */
public final class FileNodeStore implements NodeStore {
    /** The most node files read from a folder. */
    public static final int MAX_FILES = 100_000;

    private final Path location;

    /** The store at {@code location}: a folder, or one file when the name ends in {@code .yaml} or {@code .yml}. */
    public FileNodeStore(Path location) {
        this.location = location.toAbsolutePath().normalize();
    }

    /** Whether the node files are one file rather than a folder. */
    public static boolean isSingleFile(Path location) {
        String name = location.getFileName() == null ? "" : location.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    /**
     * The node files to read, in name order: those on disk and those in {@code extra} (files a
     * checked change would create). {@code problem} hears what cannot be listed.
     */
    static List<Path> list(Path location, Collection<Path> extra, Consumer<String> problem) {
        Path at = location.toAbsolutePath().normalize();
        if (isSingleFile(at)) {
            return Files.exists(at) || extra.contains(at) ? List.of(at) : List.of();
        }
        TreeSet<Path> files = new TreeSet<>();
        if (Files.isDirectory(at)) {
            try (Stream<Path> s = Files.list(at)) {
                s.filter(FileNodeStore::isNodeFile).filter(Files::isRegularFile).limit(MAX_FILES + 1L).forEach(files::add);
            } catch (IOException e) {
                problem.accept("node-files: cannot list " + at + ": " + e.getMessage());
            }
            if (files.size() > MAX_FILES) {
                problem.accept("node-files: more than " + MAX_FILES + " files in " + at);
            }
        } else if (Files.exists(at)) {
            problem.accept("node-files: " + at + " is not a folder (expected: a folder, or a file named *.yaml)");
        }
        for (Path p : extra) {
            if (at.equals(p.getParent()) && isNodeFile(p)) {
                files.add(p);
            }
        }
        return List.copyOf(files);
    }

    private static boolean isNodeFile(Path p) {
        String name = p.getFileName().toString();
        return name.endsWith(".yaml") && !name.startsWith(".");
    }

    /** The folder or file. */
    public Path location() {
        return location;
    }

    /**
     * The file that holds a node the API writes: {@code <folder>/<name>.yaml}, or the one file.
     * {@code name} must be a node name ({@link BootConfig#isName}), so it cannot leave the folder.
     */
    public Path fileOf(String name) {
        BootConfig.checkName("node", name);
        return isSingleFile(location) ? location : location.resolve(name + ".yaml");
    }

    @Override
    public Path originOf(String name) {
        return fileOf(name);
    }

    @Override
    public BootConfig read(Path main, Change change) throws ConfigException, IOException {
        if (change == null) {
            return ConfigReader.read(main);
        }
        return ConfigReader.read(main, change.node() == null ? afterRemove(change.name()) : afterPut(change.node()));
    }

    @Override
    public List<StoredNode> loadAll() throws IOException {
        List<StoredNode> out = new ArrayList<>();
        for (Path f : list(location, List.of(), problem -> { })) {
            out.addAll(nodesOf(f, Files.readString(f, StandardCharsets.UTF_8)));
        }
        return out;
    }

    @Override
    public void put(StoredNode node) throws IOException {
        write(afterPut(node));
    }

    @Override
    public void remove(String name) throws IOException {
        write(afterRemove(name));
    }

    /** The files' new texts once {@code node} is put (nothing written yet); see {@link #write}. */
    public Map<Path, String> afterPut(StoredNode node) throws IOException {
        Path f = fileOf(node.name());
        Map<String, Object> nodes = isSingleFile(location) ? rawNodes(f) : new LinkedHashMap<>();
        nodes.put(node.name(), node.fields());
        return Map.of(f, render(nodes));
    }

    /** The files' new texts once the node {@code name} is removed (a null text: the file goes). */
    public Map<Path, String> afterRemove(String name) throws IOException {
        Path f = fileOf(name);
        Map<Path, String> out = new HashMap<>();
        if (!isSingleFile(location)) {
            out.put(f, null);
            return out;
        }
        Map<String, Object> nodes = rawNodes(f);
        nodes.remove(name);
        out.put(f, render(nodes));
        return out;
    }

    /** The text of a node file holding {@code nodes}. */
    public static String render(Map<String, Object> nodes) {
        DumpSettings settings = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("nodes", nodes);
        return "# Written by bootnode's admin API; edit it by hand or through the API, then SIGHUP.\n"
                + new Dump(settings).dumpToString(doc);
    }

    /**
     * Writes each file atomically (temporary file, fsync, rename, fsync the folder), or deletes
     * it for a null text. A change is one file (the API's), so it is whole or not at all.
     */
    public static void write(Map<Path, String> texts) throws IOException {
        for (Map.Entry<Path, String> e : texts.entrySet()) {
            Path file = e.getKey();
            Path dir = file.getParent();
            if (e.getValue() == null) {
                if (Files.deleteIfExists(file)) {
                    fsync(dir);
                }
                continue;
            }
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                fsync(dir.getParent());
            }
            Path temp = dir.resolve("." + file.getFileName() + ".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
            try {
                try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    ByteBuffer bytes = ByteBuffer.wrap(e.getValue().getBytes(StandardCharsets.UTF_8));
                    while (bytes.hasRemaining()) {
                        ch.write(bytes);
                    }
                    ch.force(true);
                }
                try {
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException ex) {
                    throw new IOException("node-files: " + dir + " cannot rename atomically: " + ex.getMessage(), ex);
                }
                fsync(dir);
            } finally {
                Files.deleteIfExists(temp);
            }
        }
    }

    private static void fsync(Path dir) throws IOException {
        if (dir == null) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /** The {@code nodes:} mapping of a file on disk, as plain values; empty when there is no file. */
    private static Map<String, Object> rawNodes(Path f) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        if (!Files.exists(f)) {
            return out;
        }
        for (StoredNode n : nodesOf(f, Files.readString(f, StandardCharsets.UTF_8))) {
            out.put(n.name(), n.fields());
        }
        return out;
    }

    private static List<StoredNode> nodesOf(Path f, String text) throws IOException {
        Object doc;
        try {
            // Failsafe schema: every scalar is text, as ConfigReader reads it.
            doc = new Load(LoadSettings.builder().setSchema(new FailsafeSchema()).setAllowDuplicateKeys(false)
                    .setMaxAliasesForCollections(10).setCodePointLimit(4 * 1024 * 1024).build()).loadFromString(text);
        } catch (YamlEngineException e) {
            throw new IOException(f + ": not valid YAML: " + e.getMessage(), e);
        }
        List<StoredNode> out = new ArrayList<>();
        if (doc instanceof Map<?, ?> top && top.get("nodes") instanceof Map<?, ?> nodes) {
            for (Map.Entry<?, ?> e : nodes.entrySet()) {
                if (e.getKey() instanceof String name && BootConfig.isName(name) && e.getValue() instanceof Map<?, ?> fields) {
                    Map<String, Object> copy = new LinkedHashMap<>();
                    fields.forEach((k, v) -> copy.put(String.valueOf(k), v));
                    out.add(new StoredNode(name, copy));
                } else {
                    throw new IOException(f + ": node " + e.getKey() + " is not a name with a mapping (config check says more)");
                }
            }
        }
        return out;
    }
}
