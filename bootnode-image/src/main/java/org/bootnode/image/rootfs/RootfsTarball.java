package org.bootnode.image.rootfs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.bootnode.image.cpio.CpioFileType;
import org.bootnode.image.initramfs.BuildListener;
import org.bootnode.image.initramfs.Compression;
import org.bootnode.image.initramfs.CompressionOptions;
import org.bootnode.image.initramfs.ImageBuildException;
import org.bootnode.image.internal.AtomicFile;
import org.bootnode.image.internal.Node;
import org.bootnode.image.internal.PathOrder;
import org.bootnode.image.internal.SegmentPipeline;
import org.bootnode.image.internal.TreeScanner;

/**
 * A root file system (what {@code debootstrap} or {@code dnf --installroot} made) as a POSIX
 * (PAX) tar archive compressed with xz: owners (numeric, no names), modes, mtimes, symlinks, hard
 * links, device nodes, FIFOs, long names and the {@code user.*} extended attributes that Java can
 * read (as {@code SCHILY.xattr.*} PAX records). Entries are sorted, parents first; the output is
 * reproducible.
 *
 * <p>The tar stream is cut between entries into pieces of about the segment size that are
 * written and compressed as separate xz streams on up to {@code threads} workers and
 * concatenated; xz-utils and busybox's {@code tar -J} read the concatenation as one stream.
 * The cut points depend on the entries and the segment size only.
 *
 * <p>Limits: Java reads only the {@code user.*} namespace of extended attributes (the JDK's
 * {@link UserDefinedFileAttributeView} on Linux adds and filters the {@code user.} prefix; no
 * NIO view reads {@code security.*} or {@code system.*}), so {@code security.capability} (file
 * capabilities, e.g. of ping) and ACLs are not kept without native code. Commons Compress
 * writes PAX values as UTF-8 text, so a {@code user.*} value that is not UTF-8 is left out with
 * a warning. It would change nothing at boot today: busybox 1.35's {@code tar}, which the
 * compute init unpacks with, ignores {@code SCHILY.xattr.*} records (seen here: a GNU tar
 * archive with {@code user.test} and {@code security.capability} unpacks with no attributes).
 * File capabilities need both a reader (native code or an external {@code getfattr} pass) and
 * an unpacker that applies them (GNU tar {@code --xattrs} in the image, or {@code setcap} after
 * unpacking).
 */
public final class RootfsTarball {
    private final Path root;
    private final TreeMap<String, Node> nodes;
    private final BuildListener listener;

    private RootfsTarball(Path root, TreeMap<String, Node> nodes, BuildListener listener) {
        this.root = root;
        this.nodes = nodes;
        this.listener = listener;
    }

    /** Scans {@code root} (every file, owners kept), reporting warnings to {@code listener}. */
    public static RootfsTarball scan(Path root, Predicate<String> filter, Long sourceDateEpoch,
                                     BuildListener listener) throws IOException {
        TreeMap<String, Node> nodes = new TreeMap<>(PathOrder.PARENTS_FIRST);
        new TreeScanner(true, sourceDateEpoch, listener).scan(root, filter, (rel, node) -> {
            if (!rel.isEmpty()) {
                nodes.put(rel, node);
            }
        });
        return new RootfsTarball(root, nodes, listener);
    }

    /** Number of entries. */
    public int entryCount() {
        return nodes.size();
    }

    /** The sum of the regular files' sizes. */
    public long dataBytes() {
        return nodes.values().stream().mapToLong(Node::dataSize).sum();
    }

    /** Writes the tar.xz to {@code file} under a temporary name, renamed when whole. */
    public void writeTo(Path file, CompressionOptions options) throws IOException {
        AtomicFile.write(file, out -> writeTo(out, options));
    }

    /**
     * Writes the tar.xz to {@code out}, which stays open. Uses the xz level, dictionary, threads
     * and segment size of {@code options}; its compression is ignored (always xz).
     */
    public void writeTo(OutputStream out, CompressionOptions options) throws IOException {
        CompressionOptions xz = options.compression() == Compression.XZ ? options
                : options.toBuilder().compression(Compression.XZ).level(-1).build();
        listener.started(dataBytes());
        // The first name of each hard-link group carries the data; later names link to it.
        Map<Object, String> firstNames = new HashMap<>();
        for (Map.Entry<String, Node> e : nodes.entrySet()) {
            if (e.getValue() instanceof Node.FileOnDisk f && f.linkKey() != null) {
                firstNames.putIfAbsent(f.linkKey(), e.getKey());
            }
        }
        // Pieces of about the segment size, cut between entries: each is a run of tar records
        // written and compressed on its own worker; only the last ends the archive, so the
        // concatenation (what tar -J reads) is one tar stream.
        List<List<Map.Entry<String, Node>>> pieces = new ArrayList<>();
        List<Map.Entry<String, Node>> piece = new ArrayList<>();
        long bytes = 0;
        for (Map.Entry<String, Node> e : nodes.entrySet()) {
            piece.add(e);
            bytes += 512 + ((e.getValue().dataSize() + 511) & ~511L);
            if (bytes >= xz.segmentSize()) {
                pieces.add(piece);
                piece = new ArrayList<>();
                bytes = 0;
            }
        }
        pieces.add(piece);
        BuildListener serial = new SerialListener(listener);
        long[] done = new long[1];
        try (SegmentPipeline pipeline = new SegmentPipeline(out, xz)) {
            for (int i = 0; i < pieces.size(); i++) {
                List<Map.Entry<String, Node>> entries = pieces.get(i);
                boolean last = i == pieces.size() - 1;
                pipeline.submit(Compression.XZ, target -> {
                    TarArchiveOutputStream tar = new TarArchiveOutputStream(target, StandardCharsets.UTF_8.name());
                    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                    tar.setAddPaxHeadersForNonAsciiNames(true);
                    for (Map.Entry<String, Node> e : entries) {
                        long data = writeEntry(tar, e.getKey(), e.getValue(), firstNames, serial);
                        synchronized (done) {
                            done[0] += data;
                            serial.progress(done[0]);
                        }
                    }
                    if (last) {
                        tar.finish();
                    }
                    // not closed: that would close the target; every record is out after closeArchiveEntry
                    tar.flush();
                });
            }
            pipeline.finish();
        }
    }

    /** Passes a listener's calls on one at a time: pieces are written on several threads. */
    private record SerialListener(BuildListener listener) implements BuildListener {
        @Override
        public synchronized void warning(Path path, String message) {
            listener.warning(path, message);
        }

        @Override
        public synchronized void progress(long bytesDone) {
            listener.progress(bytesDone);
        }
    }

    private long writeEntry(TarArchiveOutputStream tar, String path, Node node, Map<Object, String> firstNames,
                            BuildListener listener) throws IOException {
        Node.Meta m = node.meta();
        TarArchiveEntry entry;
        long data = 0;
        Path source = root.resolve(path);
        if (node instanceof Node.Directory) {
            entry = new TarArchiveEntry(path + "/", TarConstants.LF_DIR, false);
            entry.setMode(CpioFileType.DIRECTORY.bits() | m.permissions());
        } else if (node instanceof Node.Symlink s) {
            entry = new TarArchiveEntry(path, TarConstants.LF_SYMLINK, false);
            entry.setLinkName(s.target());
            entry.setMode(CpioFileType.SYMLINK.bits() | m.permissions());
        } else if (node instanceof Node.Special s) {
            byte flag = switch (s.type()) {
                case CHARACTER_DEVICE -> TarConstants.LF_CHR;
                case BLOCK_DEVICE -> TarConstants.LF_BLK;
                default -> TarConstants.LF_FIFO;
            };
            entry = new TarArchiveEntry(path, flag, false);
            entry.setMode(s.type().bits() | m.permissions());
            if (s.type().isDevice()) {
                entry.setDevMajor((int) s.rdevMajor());
                entry.setDevMinor((int) s.rdevMinor());
            }
        } else if (node instanceof Node.FileOnDisk f) {
            String first = f.linkKey() == null ? null : firstNames.get(f.linkKey());
            if (first != null && !first.equals(path)) {
                entry = new TarArchiveEntry(path, TarConstants.LF_LINK, false);
                entry.setLinkName(first);
            } else {
                entry = new TarArchiveEntry(path, TarConstants.LF_NORMAL, false);
                entry.setSize(f.size());
                data = f.size();
            }
            entry.setMode(CpioFileType.REGULAR.bits() | m.permissions());
            source = f.source();
        } else {
            throw new IllegalStateException("unexpected node " + node);
        }
        entry.setUserId(m.uid());
        entry.setGroupId(m.gid());
        entry.setUserName("");
        entry.setGroupName("");
        entry.setModTime(FileTime.fromMillis(m.mtime() * 1000));
        addXattrs(entry, source, node, listener);
        tar.putArchiveEntry(entry);
        if (data > 0) {
            copy(tar, (Node.FileOnDisk) node);
        }
        tar.closeArchiveEntry();
        return data;
    }

    private static void copy(TarArchiveOutputStream tar, Node.FileOnDisk f) throws IOException {
        long remaining = f.size();
        byte[] buffer = new byte[64 * 1024];
        Path source = f.source();
        try (InputStream in = Files.newInputStream(source)) {
            while (remaining > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                if (n < 0) {
                    throw new ImageBuildException(source, "changed size while being read (was " + f.size() + " bytes)");
                }
                tar.write(buffer, 0, n);
                remaining -= n;
            }
            if (in.read() >= 0) {
                throw new ImageBuildException(source, "changed size while being read (was " + f.size() + " bytes)");
            }
        } catch (NoSuchFileException e) {
            throw new ImageBuildException(source, "vanished while the tarball was written", e);
        } catch (AccessDeniedException e) {
            throw new ImageBuildException(source, "cannot read: permission denied", e);
        }
    }

    private static void addXattrs(TarArchiveEntry entry, Path source, Node node, BuildListener listener) {
        if (node instanceof Node.Symlink || node instanceof Node.Special) {
            return; // the JDK opens the file to list attributes: a FIFO would block
        }
        UserDefinedFileAttributeView view = Files.getFileAttributeView(source, UserDefinedFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            return;
        }
        try {
            List<String> names = new ArrayList<>(view.list());
            names.sort(null);
            for (String name : names) {
                ByteBuffer value = ByteBuffer.allocate(view.size(name));
                view.read(name, value);
                value.flip();
                try {
                    String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .decode(value).toString();
                    entry.addPaxHeader("SCHILY.xattr.user." + name, text);
                } catch (CharacterCodingException e) {
                    listener.warning(source, "extended attribute user." + name + " is binary: left out of the tarball");
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            // the file system keeps no user attributes: nothing to carry
        }
    }
}
