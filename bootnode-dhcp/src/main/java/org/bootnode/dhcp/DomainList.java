package org.bootnode.dhcp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Option 119, the domain search list (RFC 3397): domain names in DNS wire form (RFC 1035 §3.1),
 * one after another, compressed with pointers (RFC 1035 §4.1.4) whose offsets count from the
 * start of the option's value (RFC 3397 §2: the joined value of every 119 instance).
 *
 * <pre>
 * eng.apple.com, marketing.apple.com (RFC 3397 §3's example):
 *  03 'eng' 05 'apple' 03 'com' 00  09 'marketing' C0 04
 *  └ label  └ label    └ label  └ end └ label       └ pointer to offset 4 ("apple.com")
 * </pre>
 *
 * The writer compresses; the reader takes compressed and uncompressed lists alike. A pointer
 * must point before the name it is part of, so a value can never loop.
 */
final class DomainList {
    static final int MAX_NAME = 255;
    static final int MAX_LABEL = 63;

    private DomainList() {
    }

    /** Encodes with compression: each name's longest suffix already written becomes a pointer. */
    static byte[] write(List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("domain search: empty (expected: at least one domain)");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, Integer> suffixes = new HashMap<>();
        for (String name : names) {
            List<String> labels = labels(name);
            for (int i = 0; i < labels.size(); i++) {
                String suffix = String.join(".", labels.subList(i, labels.size())).toLowerCase(Locale.ROOT);
                Integer at = suffixes.get(suffix);
                if (at != null) {
                    out.write(0xc0 | (at >> 8));
                    out.write(at);
                    break;
                }
                if (out.size() <= 0x3fff) {
                    suffixes.put(suffix, out.size());
                }
                byte[] label = labels.get(i).getBytes(StandardCharsets.US_ASCII);
                out.write(label.length);
                out.writeBytes(label);
                if (i == labels.size() - 1) {
                    out.write(0);
                }
            }
        }
        return out.toByteArray();
    }

    /** The labels of {@code name}, checked: letters, digits, hyphen and underscore, 1..63 each, 255 in all. */
    static List<String> labels(String name) {
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (n.isEmpty() || n.length() + 2 > MAX_NAME) {
            throw new IllegalArgumentException("domain: " + name + " (expected: 1.." + (MAX_NAME - 2) + " characters)");
        }
        List<String> labels = List.of(n.split("\\.", -1));
        for (String label : labels) {
            if (label.isEmpty() || label.length() > MAX_LABEL || !label.chars().allMatch(DomainList::isNameChar)) {
                throw new IllegalArgumentException("domain: " + name
                        + " (expected: dot-separated labels of 1..63 letters, digits, '-' or '_')");
            }
        }
        return labels;
    }

    private static boolean isNameChar(int c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '_');
    }

    /** Decodes, or says why the bytes are not a domain list (as {@link OptionType#check} does). */
    static List<String> read(byte[] b) {
        List<String> names = new ArrayList<>();
        int i = 0;
        while (i < b.length) {
            StringBuilder name = new StringBuilder();
            int start = i;
            int pos = i;
            boolean jumped = false;
            int limit = start; // a pointer must point before this
            while (true) {
                if (pos >= b.length) {
                    throw new IllegalArgumentException("name at offset " + start + " runs past the end");
                }
                int len = b[pos] & 0xff;
                if (len == 0) {
                    if (!jumped) {
                        i = pos + 1;
                    }
                    break;
                }
                if ((len & 0xc0) == 0xc0) {
                    if (pos + 1 >= b.length) {
                        throw new IllegalArgumentException("pointer at offset " + pos + " cut short");
                    }
                    int target = ((len & 0x3f) << 8) | (b[pos + 1] & 0xff);
                    if (target >= limit) {
                        throw new IllegalArgumentException("pointer at offset " + pos + " to " + target
                                + " (expected: before " + limit + ")");
                    }
                    if (!jumped) {
                        i = pos + 2;
                        jumped = true;
                    }
                    limit = target;
                    pos = target;
                    continue;
                }
                if ((len & 0xc0) != 0) {
                    throw new IllegalArgumentException("label length byte 0x" + Integer.toHexString(len) + " at offset " + pos);
                }
                if (pos + 1 + len > b.length) {
                    throw new IllegalArgumentException("label at offset " + pos + " runs past the end");
                }
                if (name.length() > 0) {
                    name.append('.');
                }
                name.append(new String(b, pos + 1, len, StandardCharsets.US_ASCII));
                if (name.length() + 2 > MAX_NAME) {
                    throw new IllegalArgumentException("name at offset " + start + " longer than " + MAX_NAME + " bytes");
                }
                pos += 1 + len;
            }
            if (name.length() == 0) {
                throw new IllegalArgumentException("empty name at offset " + start);
            }
            names.add(name.toString());
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("length 0 (expected: 1 or more)");
        }
        return List.copyOf(names);
    }
}
