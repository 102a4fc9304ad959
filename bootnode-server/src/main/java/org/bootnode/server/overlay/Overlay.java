package org.bootnode.server.overlay;

import java.util.List;

/**
 * One node's overlay, built: the newc archive the node fetches as its second initrd, and what
 * went into it.
 *
 * <pre>
 * overlay/                  0755 0:0
 * overlay/etc/...           the files and folders, at their place in the node's root, with their
 *                           modes and owners (0:0 unless .bootnode/owners declares others)
 * overlay-folders           the folders .bootnode/owners declares, one a line, when any: the
 *                           init gives them their mode and owner even where the root has them
 * overlay-init.d/NAME       hooks (0700), run by the image's init after copying, when any
 * TRAILER!!!
 * </pre>
 *
 * @param cpio the archive
 * @param etag its entity tag: a quoted prefix of its SHA-256
 * @param files what lands in the root and the hooks, in archive order
 * @param folders the folders whose owner or mode an overlay declares, in archive order
 * @param notes what a later overlay replaced of an earlier one
 * @param secret whether any file is secret (the archive then goes only to the node's own address)
 * @param hostKey the Ed25519 host key's fingerprint when the node has {@code ssh-host-keys}, else null
 */
public record Overlay(byte[] cpio, String etag, List<FileEntry> files, List<FolderEntry> folders, List<String> notes, boolean secret,
        String hostKey) {
    /**
     * One file of a built overlay.
     *
     * @param path its path in the node's root ({@code etc/hosts}), or the hook's name
     * @param mode its permission bits
     * @param size its size in bytes
     * @param from the overlay and file it came from ({@code base/etc/hosts.mustache})
     * @param secret whether it is secret
     * @param hook whether it is a hook rather than a file of the root
     * @param uid its owner
     * @param gid its group
     * @param data its bytes
     */
    public record FileEntry(String path, int mode, int size, String from, boolean secret, boolean hook, long uid, long gid,
            byte[] data) {}

    /**
     * A folder whose owner or mode an overlay declares.
     *
     * @param path its path in the node's root ({@code home/alice/.ssh})
     * @param mode its permission bits
     * @param uid its owner
     * @param gid its group
     * @param from the line declaring it ({@code admin/.bootnode/owners:2})
     */
    public record FolderEntry(String path, int mode, long uid, long gid, String from) {}

    /** Copies the lists. */
    public Overlay {
        files = List.copyOf(files);
        folders = List.copyOf(folders);
        notes = List.copyOf(notes);
    }
}
