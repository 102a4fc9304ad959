package org.bootnode.dhcp.lease;

/**
 * What {@link JournalLeaseStore} does when it opens a journal with damaged records in it (a
 * record whose checksum or fields are wrong, followed by more records: not the torn last record
 * a crash leaves, which is always dropped). A fixed set.
 */
public enum JournalDamage {
    /**
     * Keep every record that reads well, copy the damaged file aside (next to it, named
     * {@code <journal>.damaged-<time>}), log the damaged lines at error, and go on with a journal
     * rewritten from what was read.
     */
    KEEP_ASIDE,
    /** Refuse to open: the start fails with the file and the first damaged line; the file is left as it is. */
    REFUSE
}
