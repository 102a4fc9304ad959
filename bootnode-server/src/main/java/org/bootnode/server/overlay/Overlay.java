package org.bootnode.server.overlay;

import java.util.List;

/**
 * One node's overlay, built: the newc archive the node fetches as its second initrd, and what
 * went into it.
 *
 * <pre>
 * overlay/                  0755 0:0
 * overlay/etc/...           the files, at their place in the node's root, with their modes
 * overlay-init.d/NAME       hooks (0700), run by the image's init after copying, when any
 * TRAILER!!!
 * </pre>
 *
 * @param cpio the archive
 * @param etag its entity tag: a quoted prefix of its SHA-256
 * @param files what lands in the root and the hooks, in archive order
 * @param notes what a later overlay replaced of an earlier one
 * @param secret whether any file is secret (the archive then goes only to the node's own address)
 * @param hostKey the Ed25519 host key's fingerprint when the node has {@code ssh-host-keys}, else null
 */
public record Overlay(byte[] cpio, String etag, List<FileEntry> files, List<String> notes, boolean secret, String hostKey) {
    /**
     * One file of a built overlay.
     *
     * @param path its path in the node's root ({@code etc/hosts}), or the hook's name
     * @param mode its permission bits
     * @param size its size in bytes
     * @param from the overlay and file it came from ({@code base/etc/hosts.mustache})
     * @param secret whether it is secret
     * @param hook whether it is a hook rather than a file of the root
     * @param data its bytes
     */
    public record FileEntry(String path, int mode, int size, String from, boolean secret, boolean hook, byte[] data) {}

    /** Copies the lists. */
    public Overlay {
        files = List.copyOf(files);
        notes = List.copyOf(notes);
    }
}
