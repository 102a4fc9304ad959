package org.bootnode.storm;

import java.net.Inet4Address;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a node's iPXE script makes it fetch on its first attempt: the first {@code kernel} line's
 * URL and its {@code bootnode.booted=} argument, and the first {@code initrd} line's URL. A line
 * scan over iPXE's grammar (commands split on whitespace, {@code --name X} options before the
 * image, {@code ||} ending the command), enough for the scripts bootnode and the stand-in write.
 *
 * @param kernel the kernel's URL
 * @param initrd the initrd's URL
 * @param booted where the image's init reports that it came up, when the script says
 */
record ScriptLinks(URI kernel, URI initrd, Optional<URI> booted) {
    /** Reads {@code script}, or explains in one line why it cannot. */
    static ScriptLinks parse(String script, URI base) throws StormException {
        if (!script.startsWith("#!ipxe")) {
            throw new StormException("script does not start with #!ipxe");
        }
        List<String> kernel = null;
        List<String> initrd = null;
        for (String line : script.split("\n")) {
            List<String> words = command(line);
            if (words.isEmpty()) {
                continue;
            }
            String verb = words.get(0);
            if (kernel == null && (verb.equals("kernel") || verb.equals("imgexec") || verb.equals("chain"))) {
                kernel = words;
            } else if (kernel != null && initrd == null && (verb.equals("initrd") || verb.equals("module"))) {
                initrd = words;
            }
        }
        if (kernel == null || initrd == null) {
            throw new StormException("script has no " + (kernel == null ? "kernel" : "initrd") + " line");
        }
        int k = imageIndex(kernel);
        URI booted = null;
        for (String arg : kernel.subList(k + 1, kernel.size())) {
            if (arg.startsWith("bootnode.booted=")) {
                booted = base.resolve(arg.substring("bootnode.booted=".length()));
            }
        }
        return new ScriptLinks(base.resolve(kernel.get(k)), base.resolve(initrd.get(imageIndex(initrd))), Optional.ofNullable(booted));
    }

    /** The words of one command, up to {@code ||}, {@code &&} or a comment. */
    private static List<String> command(String line) {
        List<String> words = new ArrayList<>();
        for (String w : line.trim().split("\\s+")) {
            if (w.isEmpty()) {
                continue;
            }
            if (w.equals("||") || w.equals("&&") || (words.isEmpty() && w.startsWith("#")) || w.startsWith(":")) {
                break;
            }
            words.add(w);
        }
        return words;
    }

    /** The index of the image URI: after the verb and its options ({@code --name X}, {@code -n X}, {@code --autofree}). */
    private static int imageIndex(List<String> words) throws StormException {
        int i = 1;
        while (i < words.size() && words.get(i).startsWith("-")) {
            String opt = words.get(i);
            boolean takesValue = opt.equals("--name") || opt.equals("-n") || opt.equals("--timeout") || opt.equals("-t");
            i += takesValue && !opt.contains("=") ? 2 : 1;
        }
        if (i >= words.size()) {
            throw new StormException("no image on the " + words.get(0) + " line");
        }
        return i;
    }

    /**
     * Expands the settings iPXE expands in a file name or URL ({@code ${mac}}, {@code ${net0/mac}},
     * {@code ${ip}}, {@code ${net0/ip}}, the {@code :hexhyp} form of the MAC); any other setting is
     * an error rather than a guess.
     */
    static String expand(String text, SimulatedNode node, Inet4Address ip) throws StormException {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int start = text.indexOf("${", i);
            if (start < 0) {
                out.append(text, i, text.length());
                break;
            }
            int end = text.indexOf('}', start);
            if (end < 0) {
                throw new StormException("unclosed ${ in " + Escape.text(text));
            }
            out.append(text, i, start);
            String name = text.substring(start + 2, end);
            out.append(switch (name) {
                case "mac", "net0/mac", "netX/mac", "mac:hex", "net0/mac:hex" -> node.macText();
                case "mac:hexhyp", "net0/mac:hexhyp" -> node.macText().replace(':', '-');
                case "ip", "net0/ip", "netX/ip" -> ip.getHostAddress();
                default -> throw new StormException("setting ${" + Escape.text(name) + "} is not simulated");
            });
            i = end + 1;
        }
        return out.toString();
    }
}
