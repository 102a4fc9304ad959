package org.bootnode.ipxe;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes a command as one line of tokens. Because iPXE parses options after expansion, the
 * writer puts {@code --} before a first argument that might start with {@code -}, and
 * writes {@code --option=value} for an option value that might (or that starts with
 * {@code #} or is a separator, as a key may).
 */
final class CommandWriter {

    /** An option as written: its long name and value (null for a flag). */
    record Opt(String name, String value, boolean mayStartWithDash) {
        static Opt flag(String name) {
            return new Opt(name, null, false);
        }

        static Opt of(String name, Value value) {
            return value == null ? null : new Opt(name, value.render(), value.mayStartWithDash());
        }

        static Opt of(String name, String literal) {
            return literal == null ? null
                    : new Opt(name, literal, literal.startsWith("-") || literal.startsWith("#")
                            || Syntax.isSeparator(literal));
        }
    }

    private CommandWriter() {
    }

    static String render(Command command) {
        List<Opt> opts = new ArrayList<>();
        List<Value> args = new ArrayList<>();
        if (command instanceof Dhcp c) {
            args.addAll(c.interfaces());
        } else if (command instanceof Ifconf c) {
            add(opts, Opt.of("configurator", c.configurator()));
            args.addAll(c.interfaces());
        } else if (command instanceof ImageFetch c) {
            add(opts, Opt.of("name", c.imageName()));
            add(opts, Opt.of("timeout", c.timeoutMillis() == null ? null : c.timeoutMillis().toString()));
            if (c.autofree()) {
                opts.add(Opt.flag("autofree"));
            }
            if (c.replace()) {
                opts.add(Opt.flag("replace"));
            }
            args.add(c.uri());
            args.addAll(c.args().words());
        } else if (command instanceof Imgargs c) {
            args.add(c.image());
            args.addAll(c.args().words());
        } else if (command instanceof Boot c) {
            if (c.image() != null) {
                args.add(c.image());
            }
        } else if (command instanceof Echo c) {
            if (c.noNewline()) {
                opts.add(Opt.flag("n"));
            }
            args.addAll(c.text().words());
        } else if (command instanceof SetSetting c) {
            args.add(Value.text(c.setting().qualifiedName()));
            args.addAll(c.value().words());
        } else if (command instanceof Clear c) {
            args.add(Value.text(c.setting().qualifiedName()));
        } else if (command instanceof Isset c) {
            args.add(c.value());
        } else if (command instanceof Iseq c) {
            args.add(c.left());
            args.add(c.right());
        } else if (command instanceof Goto c) {
            args.add(c.target());
        } else if (command instanceof Menu c) {
            add(opts, Opt.of("name", c.menuName()));
            args.addAll(c.title().words());
        } else if (command instanceof Item c) {
            add(opts, Opt.of("menu", c.menu()));
            add(opts, Opt.of("key", c.key() == null ? null : Keys.render(c.key())));
            if (c.isDefault()) {
                opts.add(Opt.flag("default"));
            }
            if (c.gap()) {
                opts.add(Opt.flag("gap"));
            } else {
                args.add(c.label());
            }
            args.addAll(c.text().words());
        } else if (command instanceof Choose c) {
            add(opts, Opt.of("menu", c.menu()));
            add(opts, Opt.of("default", c.defaultLabel()));
            add(opts, Opt.of("timeout", c.timeoutMillis() == null ? null : c.timeoutMillis().toString()));
            if (c.keep()) {
                opts.add(Opt.flag("keep"));
            }
            args.add(Value.text(c.target().qualifiedName()));
        } else if (command instanceof Prompt c) {
            add(opts, Opt.of("key", c.key() == null ? null : Keys.render(c.key())));
            add(opts, Opt.of("timeout", c.timeoutMillis() == null ? null : c.timeoutMillis().toString()));
            args.addAll(c.text().words());
        } else if (command instanceof Sleep c) {
            args.add(Value.text(Long.toString(c.seconds())));
        } else if (command instanceof Shell) {
            // no options, no arguments
        } else if (command instanceof Reboot c) {
            if (c.warm()) {
                opts.add(Opt.flag("warm"));
            }
        } else if (command instanceof Poweroff) {
            // no options, no arguments
        } else if (command instanceof Exit c) {
            if (c.status() != null) {
                args.add(Value.text(c.status().toString()));
            }
        } else if (command instanceof Imgverify c) {
            add(opts, Opt.of("signer", c.signer()));
            if (c.keep()) {
                opts.add(Opt.flag("keep"));
            }
            args.add(c.image());
            args.add(c.signature());
        } else if (command instanceof Imgtrust c) {
            if (c.allow()) {
                opts.add(Opt.flag("allow"));
            }
            if (c.permanent()) {
                opts.add(Opt.flag("permanent"));
            }
        } else if (command instanceof Params c) {
            add(opts, Opt.of("name", c.listName()));
            if (c.delete()) {
                opts.add(Opt.flag("delete"));
            }
        } else if (command instanceof Param c) {
            add(opts, Opt.of("params", c.list()));
            if (c.header()) {
                opts.add(Opt.flag("header"));
            }
            args.add(c.key());
            args.addAll(c.value().words());
        } else if (command instanceof Ntp c) {
            args.add(c.server());
        } else if (command instanceof OtherCommand c) {
            StringBuilder out = new StringBuilder(c.name());
            c.args().forEach(arg -> out.append(' ').append(arg.render()));
            return out.toString();
        }
        return format(command.name(), opts, args);
    }

    private static void add(List<Opt> opts, Opt opt) {
        if (opt != null) {
            opts.add(opt);
        }
    }

    private static String format(String name, List<Opt> opts, List<Value> args) {
        StringBuilder out = new StringBuilder(name);
        for (Opt opt : opts) {
            // "echo -n" is how everyone writes it; every other option in its long form.
            out.append(' ').append(opt.name().length() == 1 ? "-" : "--").append(opt.name());
            if (opt.value() != null) {
                out.append(opt.mayStartWithDash() ? '=' : ' ').append(opt.value());
            }
        }
        if (!args.isEmpty() && args.get(0).mayStartWithDash()) {
            out.append(" --");
        }
        for (Value arg : args) {
            out.append(' ').append(arg.render());
        }
        return out.toString();
    }
}
