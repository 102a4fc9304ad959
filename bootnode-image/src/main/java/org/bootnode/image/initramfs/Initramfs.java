package org.bootnode.image.initramfs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.bootnode.image.cpio.CpioEntry;
import org.bootnode.image.cpio.CpioFileType;
import org.bootnode.image.cpio.CpioWriter;
import org.bootnode.image.internal.AtomicFile;
import org.bootnode.image.internal.Incompressible;
import org.bootnode.image.internal.Node;
import org.bootnode.image.internal.PathOrder;
import org.bootnode.image.internal.SegmentPipeline;
import org.bootnode.image.internal.StoredStretch;
import org.bootnode.image.internal.TreeScanner;

/**
 * A Linux initramfs: one or more segments, each a set of entries written as newc archives and
 * compressed on its own, concatenated in order (later segments overlay earlier ones at boot).
 *
 * <p>Output is reproducible: entries are sorted with parents first, inode numbers are assigned
 * in write order, devmajor/devminor are 0, and every mtime is the file's own (clamped to the
 * source date epoch when one is set) or, for entries made here, the epoch or 0. Missing parent
 * folders are added (0755, root). Hard links found in a tree (same device and inode) are
 * written with newc semantics: one inode, {@code nlink} = the number of names in the segment,
 * the data on the last name only.
 *
 * <pre>{@code
 * Initramfs image = Initramfs.builder()
 *         .addTree(Path.of("tree"), "", TreeOptions.defaults())
 *         .addCharDevice("dev/console", 0600, 5, 1)
 *         .build();
 * image.writeTo(Path.of("initrd.img"), CompressionOptions.builder().threads(4).build(), BuildListener.NONE);
 * }</pre>
 */
public final class Initramfs {
    private static final Comparator<String> PARENTS_FIRST = PathOrder.PARENTS_FIRST;

    private final List<Segment> segments;

    private Initramfs(List<Segment> segments) {
        this.segments = List.copyOf(segments);
    }

    /** A builder with one segment, compressed as the write options say. */
    public static Builder builder() {
        return new Builder();
    }

    /** The number of segments this image was built with (before cutting for size). */
    public int segmentCount() {
        return segments.size();
    }

    /** Paths of all entries, segment by segment, in write order. */
    public List<String> paths() {
        List<String> all = new ArrayList<>();
        for (Segment s : segments) {
            all.addAll(s.nodes.keySet());
        }
        return all;
    }

    /** The sum of the data sizes of all entries. */
    public long dataBytes() {
        long total = 0;
        for (Segment s : segments) {
            for (Node n : s.nodes.values()) {
                total += n.dataSize();
            }
        }
        return total;
    }

    /** Writes the image to {@code file} under a temporary name, renamed into place when whole. */
    public void writeTo(Path file, CompressionOptions options, BuildListener listener) throws IOException {
        AtomicFile.write(file, out -> writeTo(out, options, listener));
    }

    /** Writes the image to {@code out}, which stays open. */
    public void writeTo(OutputStream out, CompressionOptions options, BuildListener listener) throws IOException {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(listener, "listener");
        listener.started(dataBytes());
        Progress progress = new Progress(listener);
        try (SegmentPipeline pipeline = new SegmentPipeline(out, options)) {
            // Cut points, inode numbers and hard links are decided first, from the sizes seen
            // when scanning: each archive then reads its own files on its own worker thread.
            for (Archive archive : plan(options)) {
                pipeline.submit(archive.compression, target -> archive.writeTo(target, progress));
            }
            pipeline.finish();
        }
    }

    private record Segment(Compression compression, TreeMap<String, Node> nodes) {}

    /**
     * Cuts the segments into archives at entry boundaries and assigns inode numbers in write
     * order; a pure function of the entries and the segment size, never of the number of threads.
     * A segment of {@code total} bytes becomes {@code n = ceil(total / segmentSize)} archives of
     * about {@code total / n} bytes each, {@code n} rounded up to an even number when above 1:
     * even, similar pieces keep two (or four) threads busy to the end, where cuts at the full
     * segment size would leave the last, odd piece to compress alone.
     */
    private List<Archive> plan(CompressionOptions options) {
        List<Archive> archives = new ArrayList<>();
        long nextIno = 1;
        for (Segment segment : segments) {
            Compression compression = segment.compression != null ? segment.compression : options.compression();
            Map<Object, LinkGroup> groups = linkGroups(segment);
            List<Planned> planned = new ArrayList<>(segment.nodes.size());
            // A trailer resets the kernel's hard-link table: never cut inside a group.
            boolean[] cutAfter = new boolean[segment.nodes.size()];
            long total = 0;
            int open = 0;
            for (Map.Entry<String, Node> e : segment.nodes.entrySet()) {
                Node node = e.getValue();
                LinkGroup group = node instanceof Node.FileOnDisk f && f.linkKey() != null ? groups.get(f.linkKey()) : null;
                Planned p;
                if (group != null && group.count > 1) {
                    if (group.written == 0) {
                        group.ino = nextIno++;
                        open++;
                    }
                    group.written++;
                    boolean last = group.written == group.count;
                    p = new Planned(e.getKey(), node, group.ino, group.count, !last);
                    if (last) {
                        open--;
                    }
                } else {
                    p = new Planned(e.getKey(), node, nextIno++, 1, false);
                }
                cutAfter[planned.size()] = open == 0;
                planned.add(p);
                total = p.end(total);
            }
            long pieces = Math.max(1, (total + options.segmentSize() - 1) / options.segmentSize());
            if (pieces > 1 && pieces % 2 == 1) {
                pieces++;
            }
            long target = (total + pieces - 1) / pieces;
            List<Planned> entries = new ArrayList<>();
            long bytes = 0;
            for (int i = 0; i < planned.size(); i++) {
                Planned p = planned.get(i);
                entries.add(p);
                bytes = p.end(bytes);
                if (compression != Compression.NONE && cutAfter[i] && i < planned.size() - 1 && bytes >= target) {
                    archives.add(new Archive(compression, entries, bytes));
                    entries = new ArrayList<>();
                    bytes = 0;
                }
            }
            archives.add(new Archive(compression, entries, bytes));
        }
        return archives;
    }

    private static Map<Object, LinkGroup> linkGroups(Segment segment) {
        Map<Object, LinkGroup> groups = new HashMap<>();
        for (Node n : segment.nodes.values()) {
            if (n instanceof Node.FileOnDisk f && f.linkKey() != null) {
                groups.computeIfAbsent(f.linkKey(), k -> new LinkGroup()).count++;
            }
        }
        return groups;
    }

    /** One entry with its place decided: inode number, link count, and whether it carries the data. */
    private record Planned(String path, Node node, long ino, long nlink, boolean withoutData) {
        /** Where the archive stands after this entry, if it stood at {@code at} before (newc: 4-byte padding). */
        long end(long at) {
            long header = at + 110 + path.getBytes(StandardCharsets.UTF_8).length + 1;
            long data = withoutData ? 0 : node instanceof Node.Symlink s
                    ? s.target().getBytes(StandardCharsets.UTF_8).length : node.dataSize();
            return align4(align4(header) + data);
        }

        private static long align4(long n) {
            return (n + 3) & ~3L;
        }
    }

    /** One newc archive of the output: compressed on its own, on a worker thread. */
    private record Archive(Compression compression, List<Planned> entries, long bytes) {
        void writeTo(OutputStream out, Progress progress) throws IOException {
            CpioWriter cpio = new CpioWriter(out);
            StoredStretch stretch = out instanceof StoredStretch s ? s : null;
            for (Planned p : entries) {
                write(cpio, p, stretch, progress);
            }
            if (cpio.bytesWritten() != bytes) {
                throw new IllegalStateException("planned " + bytes + " bytes, wrote " + cpio.bytesWritten());
            }
            cpio.finish();
        }

        private static void write(CpioWriter cpio, Planned p, StoredStretch stretch, Progress progress) throws IOException {
            Node node = p.node;
            Node.Meta m = node.meta();
            CpioEntry.Builder h = header(p.path, m, p.ino);
            if (node instanceof Node.Directory) {
                cpio.write(h.type(CpioFileType.DIRECTORY).nlink(2).build());
            } else if (node instanceof Node.Symlink s) {
                cpio.writeSymlink(h.type(CpioFileType.SYMLINK).build(), s.target());
            } else if (node instanceof Node.Special s) {
                cpio.write(h.type(s.type()).rdev(s.rdevMajor(), s.rdevMinor()).build());
            } else if (node instanceof Node.Bytes b) {
                cpio.write(h.size(b.data().length).build(), b.data());
                progress.add(b.data().length);
            } else if (node instanceof Node.FileOnDisk f) {
                writeFile(cpio, h.nlink(p.nlink), f, p.withoutData, stretch, progress);
            }
        }

        private static void writeFile(CpioWriter cpio, CpioEntry.Builder h, Node.FileOnDisk f, boolean withoutData,
                                      StoredStretch stretch, Progress progress) throws IOException {
            if (withoutData) {
                cpio.write(h.size(0).build());
                return;
            }
            CpioEntry entry = h.size(f.size()).build();
            Path source = f.source();
            try (InputStream in = Files.newInputStream(source)) {
                // An already compressed file (a tarball, firmware.xz) would not shrink: searching
                // it for matches only costs CPU. The decision depends on its bytes alone.
                boolean store = stretch != null && Incompressible.file(source, f.size());
                if (store) {
                    stretch.beginStored();
                }
                cpio.write(entry, in);
                if (store) {
                    stretch.endStored();
                }
            } catch (CpioWriter.SizeMismatchException e) {
                throw new ImageBuildException(source, "changed size while being read (was " + f.size() + " bytes)", e);
            } catch (NoSuchFileException e) {
                throw new ImageBuildException(source, "vanished while the image was written", e);
            } catch (AccessDeniedException e) {
                throw new ImageBuildException(source, "cannot read: permission denied", e);
            }
            progress.add(f.size());
        }

        private static CpioEntry.Builder header(String path, Node.Meta m, long ino) {
            return CpioEntry.builder(path, CpioFileType.REGULAR).permissions(m.permissions()).uid(m.uid()).gid(m.gid())
                    .mtime(m.mtime()).ino(ino);
        }
    }

    /** Sums the data written by all workers and tells the listener, one call at a time, in order. */
    private static final class Progress {
        private final BuildListener listener;
        private long done;

        Progress(BuildListener listener) {
            this.listener = listener;
        }

        synchronized void add(long bytes) {
            done += bytes;
            listener.progress(done);
        }
    }

    private static final class LinkGroup {
        int count;
        int written;
        long ino;
    }

    /**
     * Collects the entries of an {@link Initramfs}. Paths are {@code /}-separated, with or without
     * a leading slash, never with {@code ..}. A later add at the same path in the same segment
     * replaces the earlier one. Entries made here are owned by root; their mtime is the source
     * date epoch when set, else 0.
     */
    public static final class Builder {
        private final List<Segment> segments = new ArrayList<>();
        private Segment current;
        private Long sourceDateEpoch;

        private Builder() {
            newSegment(null);
        }

        /** Clamps every mtime to {@code epochSeconds} (SOURCE_DATE_EPOCH); entries made here get it. */
        public Builder sourceDateEpoch(long epochSeconds) {
            if (epochSeconds < 0 || epochSeconds > CpioEntry.MAX_FIELD) {
                throw new IllegalArgumentException("sourceDateEpoch: " + epochSeconds + " (expected: 0.." + CpioEntry.MAX_FIELD + ")");
            }
            this.sourceDateEpoch = epochSeconds;
            return this;
        }

        /**
         * Starts a new segment; later adds go there. {@code compression} null means the default
         * of the write options. The first segment exists already: calling this on an empty
         * first segment replaces it.
         */
        public Builder newSegment(Compression compression) {
            if (current != null && current.nodes.isEmpty()) {
                segments.remove(current);
            }
            current = new Segment(compression, new TreeMap<>(PARENTS_FIRST));
            segments.add(current);
            return this;
        }

        /** A directory. */
        public Builder addDirectory(String path, int permissions) {
            return put(path, new Node.Directory(meta(permissions)));
        }

        /** A regular file holding {@code data}. */
        public Builder addFile(String path, byte[] data, int permissions) {
            return put(path, new Node.Bytes(meta(permissions), data.clone()));
        }

        /** A regular file holding {@code text} in UTF-8. */
        public Builder addFile(String path, String text, int permissions) {
            return addFile(path, text.getBytes(StandardCharsets.UTF_8), permissions);
        }

        /** A regular file whose data are read from {@code source} when written; owned by root. */
        public Builder addFile(String path, Path source, int permissions) throws IOException {
            if (!Files.isRegularFile(source)) {
                throw new ImageBuildException(source, Files.exists(source) ? "not a regular file" : "no such file");
            }
            if (!Files.isReadable(source)) {
                throw new ImageBuildException(source, "cannot read: permission denied");
            }
            long size = Files.size(source);
            if (size > CpioEntry.MAX_FIELD) {
                throw new ImageBuildException(source, size + " bytes: newc holds at most " + CpioEntry.MAX_FIELD + " bytes per file");
            }
            return put(path, new Node.FileOnDisk(meta(permissions), source, size, null));
        }

        /** A symbolic link to {@code target}. */
        public Builder addSymlink(String path, String target) {
            return put(path, new Node.Symlink(meta(0777), target));
        }

        /** A character device node, e.g. {@code dev/console} 5,1; needs no privileges. */
        public Builder addCharDevice(String path, int permissions, int major, int minor) {
            return put(path, new Node.Special(meta(permissions), CpioFileType.CHARACTER_DEVICE, major, minor));
        }

        /** A block device node. */
        public Builder addBlockDevice(String path, int permissions, int major, int minor) {
            return put(path, new Node.Special(meta(permissions), CpioFileType.BLOCK_DEVICE, major, minor));
        }

        /** A FIFO. */
        public Builder addFifo(String path, int permissions) {
            return put(path, new Node.Special(meta(permissions), CpioFileType.FIFO, 0, 0));
        }

        /** Busybox as {@code bin/busybox} with a symlink for each of its applets. */
        public Builder addBusybox(Busybox busybox) throws IOException {
            addFile("bin/busybox", busybox.path(), 0755);
            for (String applet : busybox.applets()) {
                if (!applet.equals("bin/busybox")) {
                    addSymlink(applet, "/bin/busybox");
                }
            }
            return this;
        }

        /**
         * Every file under {@code dir} that {@code options}' filter accepts, at {@code prefix}
         * ("" for the archive root). Sockets are skipped with a warning to {@code listener}.
         */
        public Builder addTree(Path dir, String prefix, TreeOptions options, BuildListener listener) throws IOException {
            String base = normalize(prefix, true);
            Predicate<String> filter = options.filter();
            new TreeScanner(options.keepOwners(), sourceDateEpoch, listener).scan(dir, filter, (rel, node) -> {
                String path = rel.isEmpty() ? base : base.isEmpty() ? rel : base + "/" + rel;
                if (!path.isEmpty()) {
                    putScanned(path, node);
                }
            });
            return this;
        }

        private void putScanned(String path, Node node) throws ImageBuildException {
            byte[] name = path.getBytes(StandardCharsets.UTF_8);
            if (name.length > CpioEntry.MAX_NAME_BYTES) {
                Path source = node instanceof Node.FileOnDisk f ? f.source() : Path.of(path);
                throw new ImageBuildException(source, "name is " + name.length
                        + " bytes in the archive: newc (the kernel) holds at most " + CpioEntry.MAX_NAME_BYTES);
            }
            current.nodes.put(path, node);
        }

        /** The image, with missing parent folders added. */
        public Initramfs build() {
            Set<String> seen = new HashSet<>();
            List<Segment> result = new ArrayList<>();
            for (Segment s : segments) {
                TreeMap<String, Node> nodes = new TreeMap<>(s.nodes);
                for (String path : s.nodes.keySet()) {
                    for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
                        String parent = path.substring(0, slash);
                        if (!seen.contains(parent) && !nodes.containsKey(parent)) {
                            nodes.put(parent, new Node.Directory(meta(0755)));
                        }
                    }
                }
                seen.addAll(nodes.keySet());
                result.add(new Segment(s.compression, nodes));
            }
            return new Initramfs(result);
        }

        private Builder put(String path, Node node) {
            String p = normalize(path, false);
            if (p.getBytes(StandardCharsets.UTF_8).length > CpioEntry.MAX_NAME_BYTES) {
                throw new IllegalArgumentException("path: longer than " + CpioEntry.MAX_NAME_BYTES + " bytes: " + p.substring(0, 64) + "...");
            }
            current.nodes.put(p, node);
            return this;
        }

        private Node.Meta meta(int permissions) {
            if ((permissions & ~07777) != 0) {
                throw new IllegalArgumentException("permissions: 0" + Integer.toOctalString(permissions) + " (expected: 0..07777)");
            }
            return new Node.Meta(permissions, 0, 0, sourceDateEpoch == null ? 0 : sourceDateEpoch);
        }

        static String normalize(String path, boolean emptyAllowed) {
            StringBuilder s = new StringBuilder();
            for (String part : path.split("/")) {
                if (part.isEmpty() || part.equals(".")) {
                    continue;
                }
                if (part.equals("..") || part.indexOf('\0') >= 0) {
                    throw new IllegalArgumentException("path: " + path + " (expected: no .. and no NUL)");
                }
                if (s.length() > 0) {
                    s.append('/');
                }
                s.append(part);
            }
            if (s.length() == 0 && !emptyAllowed) {
                throw new IllegalArgumentException("path: " + path + " (expected: a name below the root)");
            }
            return s.toString();
        }
    }
}
