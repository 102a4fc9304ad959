package org.bootnode.server.http;

/**
 * What a {@code Range} header asks of a file (RFC 9110 §14.2): the whole file, one range, or
 * nothing satisfiable. Only a single range is served; a list of ranges, another unit or a
 * malformed header get the whole file, which the RFC allows (a server may ignore Range).
 */
public sealed interface ByteRange {
    /** The whole file, status 200. */
    record Whole() implements ByteRange {}

    /**
     * One range, status 206.
     *
     * @param first offset of the first byte
     * @param last offset of the last byte, inclusive
     */
    record Part(long first, long last) implements ByteRange {
        /** How many bytes the range holds. */
        public long length() {
            return last - first + 1;
        }
    }

    /** No byte of the file is in the range, status 416. */
    record Unsatisfiable() implements ByteRange {}

    /** Reads a {@code Range} header (null when absent) against a file of {@code size} bytes. */
    static ByteRange of(String header, long size) {
        if (header == null) {
            return new Whole();
        }
        String h = header.strip();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6) || h.indexOf(',') >= 0) {
            return new Whole();
        }
        String spec = h.substring(6).strip();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return new Whole();
        }
        String a = spec.substring(0, dash).strip();
        String b = spec.substring(dash + 1).strip();
        if (!a.matches("[0-9]{0,18}") || !b.matches("[0-9]{0,18}") || (a.isEmpty() && b.isEmpty())) {
            return new Whole();
        }
        if (a.isEmpty()) {
            // bytes=-N: the last N bytes
            long n = Long.parseLong(b);
            if (n == 0 || size == 0) {
                return new Unsatisfiable();
            }
            return new Part(Math.max(0, size - n), size - 1);
        }
        long first = Long.parseLong(a);
        long last = b.isEmpty() ? Long.MAX_VALUE : Long.parseLong(b);
        if (last < first) {
            return new Whole(); // RFC 9110 §14.1.1: invalid, so the header is ignored
        }
        if (first >= size) {
            return new Unsatisfiable();
        }
        return new Part(first, Math.min(last, size - 1));
    }
}
