package org.bootnode.ipxe;

import java.util.List;

/** core/getopt.c, re-implemented for tests: what a command sees after its options. */
final class Getopt {

    private Getopt() {
    }

    /** The arguments after the options; flags and valued options are given by their letters. */
    static List<String> positionals(List<String> argv, String flags, String valued) {
        return argv.subList(scan(argv, flags, valued, (char) 0, null), argv.size());
    }

    /** The value of option {@code letter}, or null. */
    static String option(List<String> argv, String flags, String valued, char letter) {
        String[] found = new String[1];
        scan(argv, flags, valued, letter, found);
        return found[0];
    }

    private static int scan(List<String> argv, String flags, String valued, char letter, String[] found) {
        int i = 1;
        while (i < argv.size()) {
            String arg = argv.get(i);
            if (!arg.startsWith("-")) {
                return i;
            }
            i++;
            if (arg.equals("--")) {
                return i;
            }
            char c;
            String value = null;
            if (arg.startsWith("--")) {
                String body = arg.substring(2);
                int eq = body.indexOf('=');
                String name = eq < 0 ? body : body.substring(0, eq);
                c = longToLetter(name);
                if (eq >= 0) {
                    value = body.substring(eq + 1);
                }
            } else {
                c = arg.charAt(1);
                if (arg.length() > 2) {
                    value = arg.substring(2);
                }
            }
            if (valued.indexOf(c) >= 0 && value == null) {
                if (i >= argv.size() || argv.get(i).startsWith("-")) {
                    throw new AssertionError("option -" + c + " requires an argument: " + argv);
                }
                value = argv.get(i++);
            } else if (flags.indexOf(c) < 0 && valued.indexOf(c) < 0) {
                throw new AssertionError("unrecognised option " + arg + " in " + argv);
            }
            if (c == letter && found != null) {
                found[0] = value;
            }
        }
        return i;
    }

    private static char longToLetter(String name) {
        return switch (name) {
            case "name" -> 'n';
            case "timeout" -> 't';
            case "autofree" -> 'a';
            case "replace" -> 'r';
            case "n" -> 'n';
            default -> throw new AssertionError("unknown long option --" + name);
        };
    }
}
