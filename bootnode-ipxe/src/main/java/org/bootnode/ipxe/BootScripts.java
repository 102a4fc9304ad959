package org.bootnode.ipxe;

import java.util.Locale;
import java.util.Objects;
import org.bootnode.ipxe.internal.Syntax;

/**
 * The scripts a network boot service hands to iPXE, as functions of plain values.
 *
 * <p>{@link #kernelAndInitrd} boots a kernel and initrd, retrying the downloads, then falls
 * back to a menu offering the failsafe image, an iPXE shell and a reboot:
 * <pre>
 * :attempt1
 * imgfree
 * kernel --name kernel http://10.0.0.1:8080/images/compute/kernel initrd=initrd.img console=ttyS0 || goto failed1
 * initrd --name initrd.img http://10.0.0.1:8080/images/compute/initrd || goto failed1
 * boot || goto failed1
 * :failed1
 * echo bootnode: attempt 1 of 3 failed, next in 5 s
 * sleep 5 || goto menu
 * ...
 * :menu
 * menu bootnode: booting failed
 * item failsafe Boot the failsafe image
 * ...
 * choose --default failsafe --timeout 30000 choice || goto shell
 * goto ${choice}
 * </pre>
 *
 * <p>{@link #chainByMac} is the generic script that fetches a node's own script by MAC.
 */
public final class BootScripts {

    private static final String CHOICE = "choice";

    private BootScripts() {
    }

    /** {@link #kernelAndInitrd(BootTarget, BootTarget, BootScriptOptions)} with the defaults. */
    public static IpxeScript kernelAndInitrd(BootTarget target, BootTarget failsafe) {
        return kernelAndInitrd(target, failsafe, BootScriptOptions.DEFAULTS);
    }

    /**
     * Boots {@code target}; after {@code options.attempts()} failed tries, shows a menu whose
     * default, after the timeout, boots {@code failsafe}.
     */
    public static IpxeScript kernelAndInitrd(BootTarget target, BootTarget failsafe, BootScriptOptions options) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(failsafe, "failsafe");
        Objects.requireNonNull(options, "options");
        IpxeScript.Builder script = IpxeScript.builder()
                .comment("bootnode: boot kernel and initrd; " + options.attempts()
                        + " attempts, then a menu (failsafe image, shell, reboot)");
        int n = options.attempts();
        for (int i = 1; i <= n; i++) {
            script.label("attempt" + i);
            boot(script, target, "failed" + i);
            script.label("failed" + i);
            if (i < n) {
                script.command(Echo.of("bootnode: attempt " + i + " of " + n + " failed, next in "
                        + options.pauseSeconds() + " s"));
                script.line(Line.of(new Sleep(options.pauseSeconds())).or(Goto.to("menu")));
            } else {
                script.command(Echo.of("bootnode: boot failed after " + n + " attempts"));
            }
        }
        return script
                .label("menu")
                .command(Menu.titled("bootnode: booting failed"))
                .command(Item.of("failsafe", "Boot the failsafe image").withKey('f'))
                .command(Item.of("shell", "iPXE shell").withKey('s'))
                .command(Item.of("reboot", "Reboot").withKey('r'))
                .line(Line.of(Choose.of(CHOICE, "failsafe", options.menuTimeoutMillis())).or(Goto.to("shell")))
                .command(new Goto(Value.of(Setting.of(CHOICE))))
                .label("failsafe")
                .apply(b -> boot(b, failsafe, "menu"))
                .label("shell")
                .command(Echo.of("bootnode: type exit to return to the menu"))
                .command(new Shell())
                .command(Goto.to("menu"))
                .label("reboot")
                .command(new Reboot(false))
                .build();
    }

    /** {@link #chainByMac(String, String, BootScriptOptions)} with the defaults. */
    public static IpxeScript chainByMac(String urlPrefix, String urlSuffix) {
        return chainByMac(urlPrefix, urlSuffix, BootScriptOptions.DEFAULTS);
    }

    /**
     * Chains to {@code urlPrefix + ${net0/mac} + urlSuffix}, e.g.
     * {@code http://10.0.0.1:8080/nodes/${net0/mac}/boot.ipxe}, retrying; after the last failed
     * attempt it says so, waits the pause and reboots, so that the node asks again. iPXE writes
     * the MAC in colon form and percent-escapes the colons when it sends the request
     * ({@code fc%3Aab%3A...}): the HTTP server must decode the path.
     *
     * @param urlPrefix an {@code http://} or {@code https://} URL up to the MAC, e.g.
     *     {@code http://10.0.0.1:8080/nodes/}
     * @param urlSuffix what follows the MAC, e.g. {@code /boot.ipxe}; may be empty
     * @throws IllegalArgumentException when a part holds whitespace or <code>${</code>, or the
     *     prefix is not an http(s) URL with a host
     */
    public static IpxeScript chainByMac(String urlPrefix, String urlSuffix, BootScriptOptions options) {
        Objects.requireNonNull(options, "options");
        checkUrlPart("urlPrefix", urlPrefix);
        checkUrlPart("urlSuffix", urlSuffix);
        String scheme = urlPrefix.substring(0, Math.min(urlPrefix.length(), 8)).toLowerCase(Locale.ROOT);
        int hostStart = scheme.startsWith("http://") ? 7 : scheme.startsWith("https://") ? 8 : -1;
        if (hostStart < 0 || urlPrefix.length() == hostStart || urlPrefix.charAt(hostStart) == '/') {
            throw new IllegalArgumentException("urlPrefix: " + Syntax.quote(urlPrefix)
                    + " (expected: an http:// or https:// URL with a host, e.g. http://10.0.0.1:8080/nodes/)");
        }
        Value url;
        try {
            url = Value.builder().text(urlPrefix).ref(Setting.NET0_MAC).text(urlSuffix).build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("urlPrefix, urlSuffix: " + e.getMessage(), e);
        }
        IpxeScript.Builder script = IpxeScript.builder()
                .comment("bootnode: fetch this node's script by its MAC address");
        int n = options.attempts();
        for (int i = 1; i <= n; i++) {
            script.label("attempt" + i);
            script.line(Line.of(ImageFetch.chain(url)).or(Goto.to("failed" + i)));
            script.label("failed" + i);
            script.command(new Echo(false, Words.of("bootnode: no script for")
                    .plus(Words.of(Value.of(Setting.NET0_MAC)))
                    .plus(Words.of("(attempt " + i + " of " + n + ")"))));
            script.command(new Sleep(options.pauseSeconds()));
        }
        return script.command(new Reboot(false)).build();
    }

    /** A part of the chained URL: one token of literal text, with nothing iPXE would expand. */
    private static void checkUrlPart(String what, String part) {
        Objects.requireNonNull(part, what);
        for (int i = 0; i < part.length(); i++) {
            char ch = part.charAt(i);
            if (Syntax.isSpace(ch) || ch < 0x20 || ch == 0x7f) {
                throw new IllegalArgumentException(what + ": " + Syntax.quote(part) + " contains "
                        + Syntax.describe(ch) + " at index " + i + " (expected: a URL part without whitespace)");
            }
        }
        if (part.contains("${")) {
            throw new IllegalArgumentException(what + ": " + Syntax.quote(part)
                    + " contains \"${\" (iPXE would expand it as a setting)");
        }
    }

    /** Frees earlier downloads, fetches kernel and initrd, boots; any failure goes to a label. */
    private static void boot(IpxeScript.Builder script, BootTarget target, String onFailure) {
        Goto failed = Goto.to(onFailure);
        script.line(Line.of(OtherCommand.of("imgfree")).or(failed));
        script.line(Line.of(ImageFetch.kernel(target.kernel()).withName("kernel")
                .withArgs(target.kernelArgs())).or(failed));
        script.line(Line.of(ImageFetch.initrd(target.initrd()).withName(target.initrdName())).or(failed));
        for (BootTarget.Initrd more : target.more()) {
            script.line(Line.of(ImageFetch.initrd(more.url()).withName(more.name())).or(failed));
        }
        script.line(Line.of(Boot.selected()).or(failed));
    }
}
