package org.bootnode.ipxe;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of each modelled command, as iPXE declares them (hci/commands/*.c): the table
 * both {@link CommandWriter} and {@link CommandReader} follow. iPXE's option parser
 * (core/getopt.c) runs after settings are expanded; options come first; the first argument
 * that does not start with {@code -}, or {@code --}, ends them; an option's value given as a
 * separate token may not start with {@code -}.
 */
final class CommandSpecs {

    /** One option of a command: its long name, short letter and whether it takes a value. */
    record Spec(String name, char letter, boolean takesValue) {
    }

    private static final Map<String, List<Spec>> SPECS = new LinkedHashMap<>();

    static {
        List<Spec> fetch = List.of(new Spec("name", 'n', true), new Spec("timeout", 't', true),
                new Spec("autofree", 'a', false), new Spec("replace", 'r', false));
        for (ImageFetch.Kind kind : ImageFetch.Kind.values()) {
            SPECS.put(kind.command(), fetch);
        }
        SPECS.put("dhcp", List.of());
        SPECS.put("ifconf", List.of(new Spec("configurator", 'c', true)));
        SPECS.put("imgargs", List.of());
        SPECS.put("boot", List.of());
        SPECS.put("echo", List.of(new Spec("n", 'n', false)));
        SPECS.put("set", List.of());
        SPECS.put("clear", List.of());
        SPECS.put("isset", List.of());
        SPECS.put("iseq", List.of());
        SPECS.put("goto", List.of());
        SPECS.put("menu", List.of(new Spec("name", 'n', true)));
        SPECS.put("item", List.of(new Spec("menu", 'm', true), new Spec("key", 'k', true),
                new Spec("default", 'd', false), new Spec("gap", 'g', false)));
        SPECS.put("choose", List.of(new Spec("menu", 'm', true), new Spec("default", 'd', true),
                new Spec("timeout", 't', true), new Spec("keep", 'k', false)));
        SPECS.put("prompt", List.of(new Spec("key", 'k', true), new Spec("timeout", 't', true)));
        SPECS.put("sleep", List.of());
        SPECS.put("shell", List.of());
        SPECS.put("reboot", List.of(new Spec("warm", 'w', false)));
        SPECS.put("poweroff", List.of());
        SPECS.put("exit", List.of());
        SPECS.put("imgverify", List.of(new Spec("signer", 's', true), new Spec("keep", 'k', false)));
        SPECS.put("imgtrust", List.of(new Spec("allow", 'a', false), new Spec("permanent", 'p', false)));
        SPECS.put("params", List.of(new Spec("name", 'n', true), new Spec("delete", 'd', false)));
        SPECS.put("param", List.of(new Spec("params", 'p', true), new Spec("header", 'H', false)));
        SPECS.put("ntp", List.of());
    }

    private CommandSpecs() {
    }

    static boolean isModelled(String name) {
        return SPECS.containsKey(name);
    }

    /** The options of a modelled command, or null for any other name. */
    static List<Spec> of(String name) {
        return SPECS.get(name);
    }
}
