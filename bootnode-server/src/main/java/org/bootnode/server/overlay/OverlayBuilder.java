package org.bootnode.server.overlay;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.MustacheParseException;
import com.samskivert.mustache.Template;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bootnode.image.cpio.CpioEntry;
import org.bootnode.image.cpio.CpioFileType;
import org.bootnode.image.cpio.CpioWriter;
import org.bootnode.server.config.BootConfig;
import org.bootnode.server.config.ConfigProblem;
import org.bootnode.server.config.NodeSpec;
import org.bootnode.server.config.OverlaySection;

/**
 * Builds a node's overlay: scans its overlay folders in order ({@link #plan}), then renders the
 * templates, adds the generated host keys and writes the archive ({@link #build}). Pure but for
 * reading the folders and the key store; the same input gives the same bytes (fixed mtime 0,
 * owner 0:0 unless {@value OwnersManifest#PATH} declares another, sorted entries with parents
 * first, inodes in order).
 *
 * <p>Order and override: overlays apply in the node's order and a later file replaces an earlier
 * one of the same path (a note says so), owner and mode included: the earlier overlay's owners
 * line no longer applies. That is an error unless the later overlay declares the file's owner
 * too (0:0 when root is meant), so that an owner never changes silently. A folder's declared
 * owner and mode are the last overlay's that declares them (a note says so when they differ). A
 * clash is an error: a file in one overlay where another has a folder, or a file and its template
 * in the same overlay.
 */
public final class OverlayBuilder {
    /** Where the files sit in the archive; the image's init copies this folder into the new root. */
    public static final String FILES_FOLDER = "overlay";
    /** The one file of a {@linkplain #failure failure archive}. */
    public static final String FAILED_FILE = "overlay-failed";
    /** The list of declared folders in the archive: the init gives them their mode and owner even where the root has them. */
    public static final String FOLDERS_FILE = "overlay-folders";
    /** Where the hooks sit in the archive. */
    public static final String HOOKS_FOLDER = "overlay-init.d";
    private static final Mustache.Compiler MUSTACHE = Mustache.compiler().escapeHTML(false).strictSections(false)
            .emptyStringIsFalse(true);

    /** Where a node's host keys come from: the server's store, or stand-ins for a check. */
    public interface HostKeys {
        /** The node's key files (names as in {@link SshHostKeys#FILES}). */
        List<SshHostKeys.KeyFile> keysOf(String node) throws IOException;
    }

    private static final Pattern LINE = Pattern.compile("@ line ([0-9]{1,9})");

    private OverlayBuilder() {}

    /**
     * What a node's overlay is made of, scanned but not read: cheap, and enough to tell whether it
     * holds secrets and whether a cached build is still good.
     *
     * @param node the node
     * @param layers its overlays, in order
     * @param trees the scanned folders, one per layer that is not built in
     * @param hostKeys whether the node has the built-in {@code ssh-host-keys}
     * @param secret whether any file is secret
     * @param key a digest of everything scanned: names, sizes, times, modes, markers
     */
    public record Plan(NodeSpec node, List<OverlaySection.Layer> layers, List<OverlayTree> trees, boolean hostKeys,
            boolean secret, String key) {}

    /** Scans an overlay folder: {@link OverlayTree#scan}, or a recent scan kept by the caller. */
    public interface Scanner {
        /** The tree of overlay {@code name} in {@code folder}. */
        OverlayTree scan(String name, Path folder);
    }

    /** The node's plan, or empty when it has no overlays; each folder scanned now. */
    public static Optional<Plan> plan(BootConfig config, NodeSpec node) {
        return plan(config, node, OverlayTree::scan);
    }

    /** The node's plan, or empty when it has no overlays; folders scanned by {@code scanner}. */
    public static Optional<Plan> plan(BootConfig config, NodeSpec node, Scanner scanner) {
        if (config.overlays().isEmpty()) {
            return Optional.empty();
        }
        OverlaySection section = config.overlays().get();
        List<OverlaySection.Layer> layers = section.layers(node);
        if (layers.isEmpty()) {
            return Optional.empty();
        }
        List<OverlayTree> trees = new ArrayList<>();
        boolean keys = false;
        boolean secret = false;
        MessageDigest digest = sha256();
        for (OverlaySection.Layer layer : layers) {
            update(digest, "layer " + layer.name());
            if (layer.name().equals(OverlaySection.SSH_HOST_KEYS)) {
                keys = true;
                secret = true;
                continue;
            }
            OverlayTree tree = scanner.scan(layer.name(), section.root().resolve(layer.name()));
            trees.add(tree);
            secret |= tree.secret();
            update(digest, tree.key());
        }
        return Optional.of(new Plan(node, layers, trees, keys, secret, HexFormat.of().formatHex(digest.digest())));
    }

    /** What every node's templates see as {@code nodes}: compute once per configuration and pass to {@link #build}. */
    public static List<Map<String, Object>> inventory(BootConfig config) {
        return NodeVariables.inventory(config);
    }

    /**
     * Renders and writes the overlay of {@code plan}.
     *
     * @param inventory {@link NodeVariables#inventory} of {@code config}, shared by every node
     * @throws OverlayException listing every problem found (scan, clash, template), never a partial archive
     */
    public static Overlay build(BootConfig config, Plan plan, List<Map<String, Object>> inventory, HostKeys keys)
            throws OverlayException {
        List<ConfigProblem> problems = new ArrayList<>();
        plan.trees().forEach(t -> problems.addAll(t.problems()));
        Map<String, Item> files = new TreeMap<>();
        Map<String, Item> hooks = new TreeMap<>();
        Map<String, String> folders = new TreeMap<>();
        Map<String, OwnersManifest.Owner> folderOwners = new TreeMap<>();
        Map<String, String> folderFrom = new TreeMap<>();
        List<String> notes = new ArrayList<>();
        Map<String, Object> vars = NodeVariables.of(config, plan.node(), inventory);
        String hostKey = null;
        int tree = 0;
        for (OverlaySection.Layer layer : plan.layers()) {
            if (layer.name().equals(OverlaySection.SSH_HOST_KEYS)) {
                try {
                    for (SshHostKeys.KeyFile k : keys.keysOf(plan.node().name())) {
                        String path = "etc/ssh/" + k.name();
                        byte[] data = k.text().getBytes(StandardCharsets.UTF_8);
                        Item item = new Item(layer.name(), layer.name() + "/" + k.name(), k.secret() ? 0600 : 0644, k.secret(), data,
                                OwnersManifest.Owner.ROOT);
                        replaced("/" + path, files.put(path, item), item, notes, problems);
                        if (k.name().equals("ssh_host_ed25519_key.pub")) {
                            hostKey = fingerprintOrNull(k.text());
                        }
                    }
                    folders.putIfAbsent("etc", layer.name());
                    folders.putIfAbsent("etc/ssh", layer.name());
                } catch (IOException | RuntimeException e) {
                    problems.add(new ConfigProblem(Path.of(layer.name()), 0, "ssh host keys of " + plan.node().name() + ": " + e));
                }
                continue;
            }
            OverlayTree t = plan.trees().get(tree++);
            for (String f : t.folders()) {
                Item file = files.get(f);
                if (file != null) {
                    problems.add(new ConfigProblem(t.folder().resolve(f), 0, "a folder in " + t.name() + " where "
                            + file.from + " is a file"));
                }
                folders.putIfAbsent(f, t.name());
            }
            t.folderOwners().forEach((f, owner) -> {
                OwnersManifest.Owner before = folderOwners.put(f, owner);
                String from = t.name() + "/" + OwnersManifest.PATH + ":" + owner.line();
                String fromBefore = folderFrom.put(f, from);
                if (before != null && (!before.ids().equals(owner.ids()) || before.mode() != owner.mode())) {
                    notes.add("/" + f + "/: " + owner.ids() + " " + modeText(owner.mode(), 0755) + " (" + from + ") replaces "
                            + before.ids() + " " + modeText(before.mode(), 0755) + " (" + fromBefore + ")");
                }
            });
            Map<String, Path> seen = new LinkedHashMap<>();
            for (OverlayTree.File f : t.files()) {
                Map<String, Item> into = f.hook() ? hooks : files;
                Path same = seen.put((f.hook() ? "hook " : "") + f.path(), f.source());
                if (same != null) {
                    problems.add(new ConfigProblem(f.source(), 0, "clashes with " + same + " in the same overlay: both land at "
                            + (f.hook() ? "hook " : "/") + f.path()));
                    continue;
                }
                if (!f.hook() && folders.containsKey(f.path())) {
                    problems.add(new ConfigProblem(f.source(), 0, "a file where overlay " + folders.get(f.path())
                            + " has a folder: /" + f.path()));
                    continue;
                }
                byte[] data = read(f, vars, problems);
                if (data == null) {
                    continue;
                }
                String from = t.name() + "/" + t.folder().relativize(f.source()).toString().replace('\\', '/');
                int mode = f.hook() ? 0700 : f.secret() ? f.mode() & 0700 : f.mode();
                Item item = new Item(t.name(), from, mode, f.secret(), data, f.owner());
                replaced((f.hook() ? "hook " : "/") + f.path(), into.put(f.path(), item), item, notes, problems);
            }
        }
        // A file whose parent another overlay made a file: /etc/x/y under a file /etc/x.
        for (String path : files.keySet()) {
            for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
                Item parent = files.get(path.substring(0, slash));
                if (parent != null) {
                    problems.add(new ConfigProblem(Path.of(files.get(path).from), 0, "/" + path + " lies under /"
                            + path.substring(0, slash) + ", a file from " + parent.from));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new OverlayException(problems);
        }
        return archive(files, hooks, folders, folderOwners, folderFrom, notes, plan.secret(), hostKey);
    }

    private record Item(String overlay, String from, int mode, boolean secret, byte[] data, OwnersManifest.Owner owner) {}

    /**
     * Notes that {@code item} replaces {@code before} (when there was one); a problem when the
     * earlier file's owner was declared and the later one's is not (the declaration would be lost
     * silently).
     */
    private static void replaced(String path, Item before, Item item, List<String> notes, List<ConfigProblem> problems) {
        if (before == null) {
            return;
        }
        if (before.owner.manifest() != null && item.owner.manifest() == null) {
            problems.add(new ConfigProblem(before.owner.manifest(), before.owner.line(), path + " is declared "
                    + before.owner.ids() + " here, but " + item.from + " replaces the file without an owners line (declare"
                    + " it in " + item.overlay + "/" + OwnersManifest.PATH + " too, 0:0 for root)"));
            return;
        }
        notes.add(path + ": " + item.from + (item.owner.manifest() == null ? "" : " (" + item.owner.ids() + ")") + " replaces "
                + before.from + (before.owner.manifest() == null ? "" : " (" + before.owner.ids() + ")"));
    }

    private static String modeText(int mode, int otherwise) {
        return String.format("%04o", mode >= 0 ? mode : otherwise);
    }

    /** A file's bytes, rendered when a template; null with a problem added when that fails. */
    private static byte[] read(OverlayTree.File f, Map<String, Object> vars, List<ConfigProblem> problems) {
        byte[] raw;
        try {
            raw = Files.readAllBytes(f.source());
        } catch (IOException e) {
            problems.add(new ConfigProblem(f.source(), 0, "cannot read: " + e.getMessage()));
            return null;
        }
        if (raw.length > OverlayTree.MAX_FILE) {
            problems.add(new ConfigProblem(f.source(), 0, "grew past " + OverlayTree.MAX_FILE + " bytes while read"));
            return null;
        }
        if (!f.template()) {
            return raw;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            problems.add(new ConfigProblem(f.source(), 1, "a template that is not UTF-8 text"));
            return null;
        }
        try {
            Template template = MUSTACHE.compile(text);
            String out = template.execute(vars);
            byte[] bytes = out.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > OverlayTree.MAX_FILE) {
                problems.add(new ConfigProblem(f.source(), 0, "renders to " + bytes.length + " bytes (expected: at most "
                        + OverlayTree.MAX_FILE + ")"));
                return null;
            }
            return bytes;
        } catch (MustacheParseException e) {
            problems.add(new ConfigProblem(f.source(), lineOf(e.getMessage()), "template: " + withoutLine(e.getMessage())));
        } catch (MustacheException.Context e) {
            problems.add(new ConfigProblem(f.source(), e.lineNo, "template: no variable '" + e.key
                    + "' for node " + vars.get("name") + " (see docs/overlays.md for the variables; {{#" + e.key + "}}...{{/"
                    + e.key + "}} renders only when it is set)"));
        } catch (MustacheException | UnsupportedOperationException e) {
            problems.add(new ConfigProblem(f.source(), 0, "template: " + e.getMessage()));
        }
        return null;
    }

    /** The key's fingerprint, or null for a stand-in ({@link OverlayCheck#keysOrStandIns}). */
    private static String fingerprintOrNull(String publicKeyLine) {
        try {
            return OpenSshKey.fingerprint(publicKeyLine);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** jmustache puts the line in the message only: {@code ... @ line 3}. */
    private static int lineOf(String message) {
        Matcher m = LINE.matcher(String.valueOf(message));
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static String withoutLine(String message) {
        int at = message.lastIndexOf(" @ line ");
        return at > 0 ? message.substring(0, at) : message;
    }

    /**
     * The archive a node gets when its overlay cannot be built: no file for its root, only
     * {@value #FAILED_FILE} holding {@code reason} on one line, which the image's init prints
     * before it stops (never half an overlay, and the reason on the node's console).
     */
    public static byte[] failure(String reason) {
        String line = reason.replaceAll("[\\x00-\\x1f\\x7f]", " ");
        byte[] data = (line.length() > 1000 ? line.substring(0, 1000) : line).concat("\n").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CpioWriter cpio = new CpioWriter(out)) {
            cpio.write(CpioEntry.builder(FAILED_FILE, CpioFileType.REGULAR).permissions(0644).nlink(1).ino(1)
                    .size(data.length).build(), data);
            cpio.finish();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory", e);
        }
        return out.toByteArray();
    }

    private static Overlay archive(Map<String, Item> files, Map<String, Item> hooks, Map<String, String> folders,
            Map<String, OwnersManifest.Owner> folderOwners, Map<String, String> folderFrom, List<String> notes, boolean secret,
            String hostKey) {
        // Every parent folder, then one sorted list in which a folder comes before what it holds.
        TreeSet<String> dirs = new TreeSet<>(OverlayBuilder::byPath);
        dirs.add(FILES_FOLDER);
        for (String f : folders.keySet()) {
            dirs.add(FILES_FOLDER + "/" + f);
        }
        for (String f : files.keySet()) {
            for (int slash = f.indexOf('/'); slash > 0; slash = f.indexOf('/', slash + 1)) {
                dirs.add(FILES_FOLDER + "/" + f.substring(0, slash));
            }
        }
        TreeMap<String, Item> all = new TreeMap<>(OverlayBuilder::byPath);
        files.forEach((p, i) -> all.put(FILES_FOLDER + "/" + p, i));
        if (!hooks.isEmpty()) {
            dirs.add(HOOKS_FOLDER);
            hooks.forEach((p, i) -> all.put(HOOKS_FOLDER + "/" + p, i));
        }
        List<Overlay.FolderEntry> owned = new ArrayList<>();
        if (!folderOwners.isEmpty()) {
            // One path a line: names with line breaks are refused by the scan.
            StringBuilder list = new StringBuilder();
            folderOwners.forEach((f, o) -> {
                list.append(f).append('\n');
                owned.add(new Overlay.FolderEntry(f, o.mode() >= 0 ? o.mode() : 0755, o.uid(), o.gid(), folderFrom.get(f)));
            });
            all.put(FOLDERS_FILE, new Item("", "", 0644, false, list.toString().getBytes(StandardCharsets.UTF_8),
                    OwnersManifest.Owner.ROOT));
        }
        TreeSet<String> names = new TreeSet<>(OverlayBuilder::byPath);
        names.addAll(dirs);
        names.addAll(all.keySet());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Overlay.FileEntry> entries = new ArrayList<>();
        try (CpioWriter cpio = new CpioWriter(out)) {
            long ino = 1;
            for (String name : names) {
                Item item = all.get(name);
                if (item == null) {
                    OwnersManifest.Owner o = name.startsWith(FILES_FOLDER + "/")
                            ? folderOwners.getOrDefault(name.substring(FILES_FOLDER.length() + 1), OwnersManifest.Owner.ROOT)
                            : OwnersManifest.Owner.ROOT;
                    int mode = name.equals(HOOKS_FOLDER) ? 0700 : o.mode() >= 0 ? o.mode() : 0755;
                    cpio.write(CpioEntry.builder(name, CpioFileType.DIRECTORY).permissions(mode).uid(o.uid()).gid(o.gid())
                            .nlink(2).ino(ino++).build());
                    continue;
                }
                cpio.write(CpioEntry.builder(name, CpioFileType.REGULAR).permissions(item.mode).uid(item.owner.uid())
                        .gid(item.owner.gid()).nlink(1).ino(ino++).size(item.data.length).build(), item.data);
                if (name.equals(FOLDERS_FILE)) {
                    continue;
                }
                boolean hook = name.startsWith(HOOKS_FOLDER + "/");
                entries.add(new Overlay.FileEntry(name.substring((hook ? HOOKS_FOLDER : FILES_FOLDER).length() + 1), item.mode,
                        item.data.length, item.from, item.secret, hook, item.owner.uid(), item.owner.gid(), item.data));
            }
            cpio.finish();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory", e);
        }
        byte[] bytes = out.toByteArray();
        String etag = "\"" + HexFormat.of().formatHex(sha256().digest(bytes), 0, 16) + "\"";
        return new Overlay(bytes, etag, entries, owned, notes, secret, hostKey);
    }

    /** Path order with '/' lowest, so that a folder sorts right before what it holds. */
    static int byPath(String a, String b) {
        return a.replace('/', '\0').compareTo(b.replace('/', '\0'));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java", e);
        }
    }

    private static void update(MessageDigest d, String s) {
        d.update(s.getBytes(StandardCharsets.UTF_8));
        d.update((byte) '\n');
    }
}
