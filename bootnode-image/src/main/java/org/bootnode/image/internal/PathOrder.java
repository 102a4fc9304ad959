package org.bootnode.image.internal;

import java.util.Comparator;

/** The order of entries in bootnode's archives: component by component, so parents come first. */
public final class PathOrder {
    /** Compares {@code /}-separated paths component by component; a parent sorts before its children. */
    public static final Comparator<String> PARENTS_FIRST = PathOrder::compare;

    private PathOrder() {}

    static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ea = a.indexOf('/', i);
            int eb = b.indexOf('/', j);
            ea = ea < 0 ? a.length() : ea;
            eb = eb < 0 ? b.length() : eb;
            int c = a.substring(i, ea).compareTo(b.substring(j, eb));
            if (c != 0) {
                return c;
            }
            i = ea + 1;
            j = eb + 1;
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
