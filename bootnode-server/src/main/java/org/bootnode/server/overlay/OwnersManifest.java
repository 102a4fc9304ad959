package org.bootnode.server.overlay;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bootnode.server.config.ConfigProblem;

/**
 * An overlay's {@value #PATH}: the owner, group and optionally the mode of its files and folders
 * in the node's root, one line each.
 *
 * <pre>
 * # PATH (in the node's root)           UID:GID    [MODE]
 * /home/alice/.ssh                       1000:1000  0700
 * /home/alice/.ssh/authorized_keys       1000:1000  0600
 * /etc/munge/munge.key                   998:998
 * </pre>
 *
 * <p>Ids are numbers: the server cannot know the node's user names (its {@code /etc/passwd} is
 * the image's). An id is 0 to 4294967294 (4294967295 is chown's "unchanged"). A mode is octal,
 * at most {@code 07777}; without one a file keeps the mode it has in the overlay folder and a
 * folder gets 0755. A path is absolute in the node's root, without {@code .} or {@code ..}, with no
 * blank in it; a template is named as it lands (without {@code .mustache}). Blank lines and lines
 * starting with {@code #} are skipped. Whether each path is a file or folder of the overlay is
 * checked by {@link OverlayTree#scan}, which reads this file.
 */
public final class OwnersManifest {
    /** Where the manifest sits in an overlay folder. */
    public static final String PATH = ".bootnode/owners";
    /** The largest id (4294967295 is chown's -1, "unchanged"). */
    public static final long MAX_ID = 0xFFFF_FFFEL;
    /** At most this many bytes: a manifest lists files, not data. */
    static final long MAX_BYTES = 1024 * 1024;

    private static final Pattern OWNER = Pattern.compile("([0-9]{1,10}):([0-9]{1,10})");
    private static final Pattern MODE = Pattern.compile("0?[0-7]{3,4}");

    private OwnersManifest() {}

    /**
     * One declaration.
     *
     * @param uid the owner
     * @param gid the group
     * @param mode the permission bits, or -1 to keep the file's own (0755 for a folder)
     * @param manifest the manifest declaring it
     * @param line its line there
     */
    public record Owner(long uid, long gid, int mode, Path manifest, int line) {
        /** The owner of whatever no manifest names: root. */
        public static final Owner ROOT = new Owner(0, 0, -1, null, 0);

        /** {@code UID:GID}. */
        public String ids() {
            return uid + ":" + gid;
        }

        /** {@code FILE:LINE} of the declaration. */
        public String where() {
            return manifest + ":" + line;
        }
    }

    /**
     * The declarations of {@code lines} (the manifest {@code file}), by path relative to the root
     * ({@code home/alice/.ssh}); each bad line is a problem naming its line, and is left out.
     */
    public static Map<String, Owner> parse(Path file, List<String> lines, List<ConfigProblem> problems) {
        Map<String, Owner> out = new TreeMap<>();
        for (int i = 0; i < lines.size(); i++) {
            int line = i + 1;
            String text = lines.get(i).strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            String[] f = text.split("[ \t]+");
            if (f.length < 2 || f.length > 3) {
                problems.add(new ConfigProblem(file, line, "'" + text + "' (expected: PATH UID:GID [MODE], e.g."
                        + " /home/alice/.ssh 1000:1000 0700)"));
                continue;
            }
            String path = path(f[0]);
            if (path == null) {
                problems.add(new ConfigProblem(file, line, "'" + f[0] + "' (expected: a path in the node's root such as"
                        + " /etc/munge/munge.key, without '.', '..' or control characters)"));
                continue;
            }
            Matcher m = OWNER.matcher(f[1]);
            if (!m.matches()) {
                problems.add(new ConfigProblem(file, line, "'" + f[1] + "' (expected: numeric UID:GID such as 1000:1000;"
                        + " the server cannot know the node's user names)"));
                continue;
            }
            long uid = Long.parseLong(m.group(1));
            long gid = Long.parseLong(m.group(2));
            if (uid > MAX_ID || gid > MAX_ID) {
                problems.add(new ConfigProblem(file, line, "'" + f[1] + "' (expected: ids from 0 to " + MAX_ID + ")"));
                continue;
            }
            int mode = -1;
            if (f.length == 3) {
                if (!MODE.matcher(f[2]).matches()) {
                    problems.add(new ConfigProblem(file, line, "'" + f[2] + "' (expected: an octal mode such as 0600,"
                            + " at most 07777)"));
                    continue;
                }
                mode = Integer.parseInt(f[2], 8);
            }
            Owner before = out.putIfAbsent(path, new Owner(uid, gid, mode, file, line));
            if (before != null) {
                problems.add(new ConfigProblem(file, line, "/" + path + " is declared again (first on line " + before.line() + ")"));
            }
        }
        return out;
    }

    /** {@code /a/b} or {@code /a/b/} as {@code a/b}; null when it is not an absolute path of plain names. */
    private static String path(String p) {
        if (!p.startsWith("/") || p.length() < 2) {
            return null;
        }
        String rel = p.endsWith("/") ? p.substring(1, p.length() - 1) : p.substring(1);
        for (String part : rel.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                return null;
            }
            for (int i = 0; i < part.length(); i++) {
                char c = part.charAt(i);
                if (c < 0x20 || c == 0x7f || c == '\\') {
                    return null;
                }
            }
        }
        return rel;
    }
}
