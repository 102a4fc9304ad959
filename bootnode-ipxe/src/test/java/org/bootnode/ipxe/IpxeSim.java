package org.bootnode.ipxe;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An independent re-implementation, for tests, of how iPXE turns script text into argument
 * vectors: image/script.c (lines, CR, backslash continuation, labels), core/exec.c
 * (split_command, command_terminator, expand_tokens) and core/settings.c (expand_settings).
 * Written from the C source, not from the model, so that it can catch the model's mistakes.
 */
final class IpxeSim {

    private IpxeSim() {
    }

    /** Every command of every line, in order, as iPXE would pass it to execv (after expansion). */
    static List<List<String>> argvs(String script, Map<String, String> settings) {
        List<List<String>> result = new ArrayList<>();
        for (String line : lines(script)) {
            String command = line;
            int p = 0;
            while (p < command.length() && isspace(command.charAt(p))) {
                p++;
            }
            if (p < command.length() && command.charAt(p) == ':') {
                int q = p + 1;
                while (q < command.length() && !isspace(command.charAt(q))) {
                    q++;
                }
                command = q < command.length() ? command.substring(q + 1) : "";
            }
            List<String> tokens = split(command);
            List<String> current = new ArrayList<>();
            for (String token : tokens) {
                if (token.startsWith("#")) {
                    break;
                }
                if (token.equals("||") || token.equals("&&") || token.equals(";")) {
                    if (!current.isEmpty()) {
                        result.add(expandAll(current, settings));
                    }
                    current = new ArrayList<>();
                    continue;
                }
                current.add(token);
            }
            if (!current.isEmpty()) {
                result.add(expandAll(current, settings));
            }
        }
        return result;
    }

    /** The logical lines after the signature line. */
    static List<String> lines(String script) {
        List<String> lines = new ArrayList<>();
        int offset = 0;
        StringBuilder line = new StringBuilder();
        while (offset < script.length()) {
            int eol = script.indexOf('\n', offset);
            int end = eol < 0 ? script.length() : eol;
            line.append(script, offset, end);
            offset = end + 1;
            if (line.length() > 0 && line.charAt(line.length() - 1) == '\r') {
                line.setLength(line.length() - 1);
            }
            if (line.length() > 0 && line.charAt(line.length() - 1) == '\\') {
                line.setLength(line.length() - 1);
                continue;
            }
            lines.add(line.toString());
            line.setLength(0);
        }
        return lines.subList(1, lines.size());
    }

    private static List<String> expandAll(List<String> tokens, Map<String, String> settings) {
        List<String> out = new ArrayList<>();
        for (String token : tokens) {
            out.add(expand(token, settings));
        }
        return out;
    }

    static List<String> split(String command) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (true) {
            while (i < command.length() && isspace(command.charAt(i))) {
                i++;
            }
            if (i >= command.length()) {
                return tokens;
            }
            int start = i;
            while (i < command.length() && !isspace(command.charAt(i))) {
                i++;
            }
            tokens.add(command.substring(start, i));
        }
    }

    /** expand_settings: the last "${" before the first "}" after it, until none is left. */
    static String expand(String text, Map<String, String> settings) {
        String s = text;
        while (true) {
            int start = -1;
            int end = -1;
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) == '$' && i + 1 < s.length() && s.charAt(i + 1) == '{') {
                    start = i;
                }
                if (start >= 0 && s.charAt(i) == '}') {
                    end = i;
                    break;
                }
            }
            if (end < 0) {
                return s;
            }
            String name = s.substring(start + 2, end);
            s = s.substring(0, start) + settings.getOrDefault(name, "") + s.substring(end + 1);
        }
    }

    static boolean isspace(char c) {
        return c == ' ' || c == '\f' || c == '\n' || c == '\r' || c == '\t' || c == 0x0b;
    }
}
