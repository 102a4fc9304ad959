package org.bootnode.server.overlay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.bootnode.server.config.ConfigProblem;

/**
 * The files of one overlay folder as found on disk, before any rendering: what each is, where it
 * lands in the node's root, its mode, whether it is a template and whether it is secret. Reads
 * only attributes and the small {@code .bootnode-secret} markers, so scanning is cheap enough to
 * do at every request (the cache key is made from what it finds).
 *
 * <p>Rules (docs/overlays.md): regular files and folders only; a symbolic link, device, FIFO or
 * socket is refused (a link could point outside the root). A name ending in {@value #TEMPLATE_SUFFIX}
 * is a template and lands without the suffix. A folder holding {@value #SECRET_MARKER} is secret
 * with everything below it when the marker is empty, else the marker's lines (relative paths,
 * {@code #} comments) name the secret files and folders. Files under {@code .bootnode/init.d/} at
 * the overlay's top are hooks the image's init runs after copying; they are not copied.
 * {@value OwnersManifest#PATH} declares owners and modes ({@link OwnersManifest}); each path it
 * names must be a file or folder of this overlay. Any other name starting with {@code .bootnode},
 * and anything else in {@code .bootnode/}, is reserved.
 *
 * @param name the overlay's name
 * @param folder its folder
 * @param files its files, sorted by path
 * @param folders its folders other than the top, sorted
 * @param folderOwners the folders its {@value OwnersManifest#PATH} declares, by path
 * @param problems what is wrong, each naming a file
 */
public record OverlayTree(String name, Path folder, List<File> files, List<String> folders, Map<String, OwnersManifest.Owner> folderOwners,
        List<ConfigProblem> problems) {
    /** The suffix of a template. */
    static final String TEMPLATE_SUFFIX = ".mustache";
    /** The marker of secret files. */
    static final String SECRET_MARKER = ".bootnode-secret";
    /** Where hooks sit in an overlay. */
    static final String HOOKS = ".bootnode/init.d";
    /** At most this many bytes per file. */
    static final long MAX_FILE = 16L * 1024 * 1024;
    /** At most this many files per overlay. */
    static final int MAX_FILES = 10_000;

    /**
     * One file of an overlay.
     *
     * @param path where it lands, relative to the root ({@code etc/hosts}), or the hook's name for a hook
     * @param source the file on disk
     * @param mode its permission bits (07777): its own, or the one its owners line declares
     * @param size its size on disk
     * @param mtime its modification time on disk, in nanoseconds (for the cache key only)
     * @param template whether it is rendered
     * @param secret whether it goes only to the node's own address
     * @param hook whether it is a hook, run by the init rather than copied
     * @param owner its owner and group, as {@value OwnersManifest#PATH} declares them, else {@link OwnersManifest.Owner#ROOT}
     */
    public record File(String path, Path source, int mode, long size, long mtime, boolean template, boolean secret, boolean hook,
            OwnersManifest.Owner owner) {
        File withOwner(OwnersManifest.Owner o) {
            return new File(path, source, o.mode() >= 0 ? o.mode() : mode, size, mtime, template, secret, hook, o);
        }
    }

    /** Whether any file is secret. */
    public boolean secret() {
        return files.stream().anyMatch(File::secret);
    }

    /** A digest of what the scan found (names, sizes, times, modes, kinds, problems): equal keys, equal trees. */
    public String key() {
        MessageDigest d;
        try {
            d = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java", e);
        }
        StringBuilder b = new StringBuilder(name).append('\n');
        folders.forEach(f -> b.append("d ").append(f).append('\n'));
        files.forEach(f -> b.append("f ").append(f.path()).append(' ').append(f.size()).append(' ').append(f.mtime()).append(' ')
                .append(f.mode()).append(' ').append(f.template()).append(' ').append(f.secret()).append(' ').append(f.hook())
                .append(' ').append(f.owner().ids()).append(' ').append(f.owner().line()).append('\n'));
        folderOwners.forEach((f, o) -> b.append("o ").append(f).append(' ').append(o.ids()).append(' ').append(o.mode())
                .append(' ').append(o.line()).append('\n'));
        problems.forEach(p -> b.append("p ").append(p).append('\n'));
        return HexFormat.of().formatHex(d.digest(b.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** Scans {@code folder}, which must exist. */
    public static OverlayTree scan(String name, Path folder) {
        List<File> files = new ArrayList<>();
        List<String> folders = new ArrayList<>();
        List<ConfigProblem> problems = new ArrayList<>();
        List<String> secretPrefixes = new ArrayList<>();
        Path[] manifest = new Path[1];
        try {
            Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    String rel = relative(folder, dir);
                    if (!rel.isEmpty()) {
                        String bad = badName(dir.getFileName().toString(), rel);
                        if (bad != null) {
                            problems.add(new ConfigProblem(dir, 0, bad));
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                        if (rel.startsWith(".bootnode/") && !rel.equals(HOOKS) && !rel.startsWith(HOOKS + "/")) {
                            problems.add(new ConfigProblem(dir, 0, "reserved: .bootnode/ holds only init.d/ (hooks) and owners"));
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                        if (!rel.equals(".bootnode") && !rel.equals(HOOKS)) {
                            folders.add(rel);
                        }
                    }
                    Path marker = dir.resolve(SECRET_MARKER);
                    if (Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS)) {
                        readMarker(marker, rel, secretPrefixes, problems);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    String rel = relative(folder, file);
                    String leaf = file.getFileName().toString();
                    if (leaf.equals(SECRET_MARKER) && attrs.isRegularFile()) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (rel.equals(OwnersManifest.PATH) && attrs.isRegularFile()) {
                        manifest[0] = file;
                        return FileVisitResult.CONTINUE;
                    }
                    if (rel.startsWith(".bootnode/") && !rel.startsWith(HOOKS + "/")) {
                        problems.add(new ConfigProblem(file, 0, "reserved: .bootnode/ holds only init.d/ (hooks) and owners"));
                        return FileVisitResult.CONTINUE;
                    }
                    if (attrs.isSymbolicLink()) {
                        problems.add(new ConfigProblem(file, 0, "a symbolic link (expected: regular files and folders;"
                                + " an overlay copies no links, which could point outside the node's root)"));
                        return FileVisitResult.CONTINUE;
                    }
                    if (!attrs.isRegularFile()) {
                        problems.add(new ConfigProblem(file, 0, "not a regular file (expected: regular files and folders)"));
                        return FileVisitResult.CONTINUE;
                    }
                    String bad = badName(leaf, rel);
                    if (bad != null) {
                        problems.add(new ConfigProblem(file, 0, bad));
                        return FileVisitResult.CONTINUE;
                    }
                    if (attrs.size() > MAX_FILE) {
                        problems.add(new ConfigProblem(file, 0, attrs.size() + " bytes (expected: at most " + MAX_FILE
                                + " per overlay file; large files belong in the image)"));
                        return FileVisitResult.CONTINUE;
                    }
                    if (files.size() >= MAX_FILES) {
                        problems.add(new ConfigProblem(file, 0, "more than " + MAX_FILES + " files in overlay " + name));
                        return FileVisitResult.TERMINATE;
                    }
                    boolean hook = rel.startsWith(HOOKS + "/");
                    if (hook && rel.indexOf('/', HOOKS.length() + 1) >= 0) {
                        problems.add(new ConfigProblem(file, 0, "a folder in " + HOOKS + " (expected: hook files only)"));
                        return FileVisitResult.CONTINUE;
                    }
                    int mode = mode(file);
                    boolean template = leaf.endsWith(TEMPLATE_SUFFIX);
                    String path = hook ? rel.substring(HOOKS.length() + 1) : rel;
                    if (template) {
                        path = path.substring(0, path.length() - TEMPLATE_SUFFIX.length());
                    }
                    boolean secret = secretPrefixes.stream().anyMatch(p -> rel.equals(p) || rel.startsWith(p + "/")
                            || p.isEmpty() || (template && rel.equals(p + TEMPLATE_SUFFIX)));
                    files.add(new File(path, file, mode, attrs.size(), attrs.lastModifiedTime().toInstant().getEpochSecond()
                            * 1_000_000_000L + attrs.lastModifiedTime().toInstant().getNano(), template, secret, hook,
                            OwnersManifest.Owner.ROOT));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    problems.add(new ConfigProblem(file, 0, "cannot read: " + e.getMessage()));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            problems.add(new ConfigProblem(folder, 0, "cannot read: " + e.getMessage()));
        }
        files.sort((a, b) -> a.path().compareTo(b.path()));
        folders.sort(null);
        Map<String, OwnersManifest.Owner> folderOwners = manifest[0] == null ? Map.of()
                : applyOwners(name, manifest[0], files, folders, problems);
        return new OverlayTree(name, folder, List.copyOf(files), List.copyOf(folders), folderOwners, List.copyOf(problems));
    }

    /**
     * Reads the owners manifest and gives each file it names its owner (and mode); returns the
     * folders it names. A path that is neither a file nor a folder of this overlay is a problem, and
     * so is a mode giving group or others a secret file.
     */
    private static Map<String, OwnersManifest.Owner> applyOwners(String name, Path manifest, List<File> files, List<String> folders,
            List<ConfigProblem> problems) {
        List<String> lines;
        try {
            if (Files.size(manifest) > OwnersManifest.MAX_BYTES) {
                problems.add(new ConfigProblem(manifest, 0, "larger than " + OwnersManifest.MAX_BYTES + " bytes"));
                return Map.of();
            }
            lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(new ConfigProblem(manifest, 0, "cannot read: " + e.getMessage()));
            return Map.of();
        }
        Map<String, OwnersManifest.Owner> declared = OwnersManifest.parse(manifest, lines, problems);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < files.size(); i++) {
            if (!files.get(i).hook()) {
                index.put(files.get(i).path(), i);
            }
        }
        Set<String> isFolder = new HashSet<>(folders);
        Map<String, OwnersManifest.Owner> folderOwners = new TreeMap<>();
        declared.forEach((path, owner) -> {
            Integer at = index.get(path);
            if (at != null) {
                File f = files.get(at);
                if (f.secret() && owner.mode() >= 0 && (owner.mode() & 077) != 0) {
                    problems.add(new ConfigProblem(manifest, owner.line(), String.format("mode %04o for a secret file"
                            + " (expected: no group or other bits, such as 0600)", owner.mode())));
                } else {
                    files.set(at, f.withOwner(owner));
                }
            } else if (isFolder.contains(path)) {
                folderOwners.put(path, owner);
            } else {
                problems.add(new ConfigProblem(manifest, owner.line(), "/" + path + " is not a file or folder of overlay " + name
                        + " (expected: a path it puts in the node's root; a template as it lands, without "
                        + TEMPLATE_SUFFIX + ")"));
            }
        });
        return Collections.unmodifiableMap(folderOwners);
    }

    private static String relative(Path top, Path p) {
        return top.relativize(p).toString().replace('\\', '/');
    }

    /**
     * What is wrong with a name, or null: control characters (a name with a line break would split
     * the init's file list), names reserved by bootnode, and a template named only by its suffix.
     */
    private static String badName(String leaf, String rel) {
        for (int i = 0; i < leaf.length(); i++) {
            char c = leaf.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                return "a name with a control character or backslash (expected: printable names)";
            }
        }
        if (leaf.startsWith(".bootnode") && !rel.equals(".bootnode") && !rel.equals(HOOKS) && !rel.startsWith(HOOKS + "/")) {
            return "a name starting with .bootnode is reserved (" + SECRET_MARKER + ", " + HOOKS + "/)";
        }
        if (leaf.equals(TEMPLATE_SUFFIX)) {
            return "a template needs a name before " + TEMPLATE_SUFFIX;
        }
        if (rel.getBytes(StandardCharsets.UTF_8).length > 3000) {
            return "a path longer than 3000 bytes";
        }
        return null;
    }

    private static void readMarker(Path marker, String rel, List<String> prefixes, List<ConfigProblem> problems) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(marker, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(new ConfigProblem(marker, 0, "cannot read: " + e.getMessage()));
            return;
        }
        boolean any = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            any = true;
            if (line.startsWith("/") || List.of(line.split("/")).contains("..") || List.of(line.split("/")).contains(".")) {
                problems.add(new ConfigProblem(marker, i + 1, "'" + line + "' (expected: a path relative to this folder,"
                        + " without '.' or '..')"));
                continue;
            }
            prefixes.add(rel.isEmpty() ? line : rel + "/" + line);
        }
        if (!any) {
            prefixes.add(rel);
        }
    }

    private static int mode(Path file) throws IOException {
        Set<PosixFilePermission> perms;
        try {
            perms = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).permissions();
        } catch (UnsupportedOperationException e) {
            return Files.isExecutable(file) ? 0755 : 0644;
        }
        int mode = 0;
        for (PosixFilePermission p : new HashSet<>(perms)) {
            mode |= 1 << (8 - p.ordinal());
        }
        return mode;
    }
}
