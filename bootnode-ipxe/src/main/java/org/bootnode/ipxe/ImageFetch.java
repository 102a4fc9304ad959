package org.bootnode.ipxe;

import java.util.Arrays;
import java.util.List;
import org.bootnode.ipxe.internal.CommandSpec;

/**
 * {@code kernel}, {@code initrd}, {@code module}, {@code imgfetch} and {@code chain}:
 * download an image, with {@code [--name n] [--timeout ms] [--autofree] [--replace] uri
 * [args...]}. The arguments after the URI become the image's command line, joined by single
 * spaces.
 *
 * @param kind which command
 * @param uri where to fetch the image from
 * @param imageName the image name ({@code --name}), or null for the URI's file name
 * @param timeoutMillis the download timeout ({@code --timeout}, milliseconds), or null
 * @param autofree {@code --autofree}: free the image after it runs
 * @param replace {@code --replace}: replace the running script
 * @param args the image's command line
 */
public record ImageFetch(Kind kind, Value uri, Value imageName, Long timeoutMillis, boolean autofree,
        boolean replace, Words args) implements Command {

    /** The commands that share this syntax. */
    public enum Kind {
        /** {@code kernel}: fetch and select an executable image. */
        KERNEL("kernel"),
        /** {@code initrd}: fetch an image (a synonym of imgfetch). */
        INITRD("initrd"),
        /** {@code module}: fetch an image (a synonym of imgfetch). */
        MODULE("module"),
        /** {@code imgfetch}: fetch an image. */
        IMGFETCH("imgfetch"),
        /** {@code chain}: fetch and execute an image. */
        CHAIN("chain");

        private final String command;

        Kind(String command) {
            this.command = command;
        }

        /** The command name. */
        public String command() {
            return command;
        }
    }

    /**
     * {@code kernel}, {@code initrd}, {@code module}, {@code imgfetch}, {@code chain}: one
     * descriptor per name, the same options and arguments (hci/commands/image_cmd.c).
     */
    static final List<CommandSpec<ImageFetch, Value>> SPECS =
            Arrays.stream(Kind.values()).map(ImageFetch::spec).toList();

    private static CommandSpec<ImageFetch, Value> spec(Kind kind) {
        CommandSpec.Builder<ImageFetch, Value> spec = Spec.of(kind.command(), ImageFetch.class)
                .option("name", 'n').option("timeout", 't').flag("autofree", 'a').flag("replace", 'r')
                .args(1, CommandSpec.MANY)
                .reader(in -> new ImageFetch(kind, in.arg(0), in.value("name"), in.number("timeout"),
                        in.flag("autofree"), in.flag("replace"), new Words(in.args(1))))
                .writer((c, out) -> out.option("name", c.imageName()).option("timeout", c.timeoutMillis())
                        .flag("autofree", c.autofree()).flag("replace", c.replace())
                        .arg(c.uri()).args(c.args().words()));
        return kind == Kind.CHAIN ? spec.leavesScript().build() : spec.build();
    }

    /** Checks the required parts and the timeout. */
    public ImageFetch {
        if (kind == null || uri == null || args == null) {
            throw new NullPointerException("kind, uri and args are required");
        }
        if (timeoutMillis != null && timeoutMillis < 0) {
            throw new IllegalArgumentException("timeout: " + timeoutMillis + " (expected: >= 0 ms)");
        }
    }

    /** {@code kernel URI}. */
    public static ImageFetch kernel(Value uri) {
        return of(Kind.KERNEL, uri);
    }

    /** {@code initrd URI}. */
    public static ImageFetch initrd(Value uri) {
        return of(Kind.INITRD, uri);
    }

    /** {@code chain URI}. */
    public static ImageFetch chain(Value uri) {
        return of(Kind.CHAIN, uri);
    }

    /** {@code KIND URI} with no options and no arguments. */
    public static ImageFetch of(Kind kind, Value uri) {
        return new ImageFetch(kind, uri, null, null, false, false, Words.NONE);
    }

    /** The same with {@code --name}. */
    public ImageFetch withName(String newName) {
        return new ImageFetch(kind, uri, Value.text(newName), timeoutMillis, autofree, replace, args);
    }

    /** The same with {@code --timeout} in milliseconds. */
    public ImageFetch withTimeout(long millis) {
        return new ImageFetch(kind, uri, imageName, millis, autofree, replace, args);
    }

    /** The same with {@code --autofree}. */
    public ImageFetch withAutofree() {
        return new ImageFetch(kind, uri, imageName, timeoutMillis, true, replace, args);
    }

    /** The same with {@code --replace}. */
    public ImageFetch withReplace() {
        return new ImageFetch(kind, uri, imageName, timeoutMillis, autofree, true, args);
    }

    /** The same with this command line. */
    public ImageFetch withArgs(Words newArgs) {
        return new ImageFetch(kind, uri, imageName, timeoutMillis, autofree, replace, newArgs);
    }

    @Override
    public String name() {
        return kind.command();
    }
}
