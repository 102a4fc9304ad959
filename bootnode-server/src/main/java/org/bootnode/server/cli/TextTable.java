package org.bootnode.server.cli;

import java.util.ArrayList;
import java.util.List;
import org.bootnode.server.log.LogText;

/**
 * Columns padded to their widest cell, two spaces apart. Every cell is escaped as a log line
 * is: what the server sends reaches a terminal, and no control character or escape gets there.
 */
final class TextTable {
    private final List<String[]> rows = new ArrayList<>();

    TextTable(String... header) {
        rows.add(header);
    }

    /** Adds a row; null cells print as {@code -}. */
    TextTable row(Object... cells) {
        String[] r = new String[rows.get(0).length];
        for (int i = 0; i < r.length; i++) {
            Object c = i < cells.length ? cells[i] : null;
            r[i] = c == null ? "-" : LogText.escape(c.toString());
        }
        rows.add(r);
        return this;
    }

    @Override
    public String toString() {
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(row[i]).append(" ".repeat(width[i] - row[i].length() + 2));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
