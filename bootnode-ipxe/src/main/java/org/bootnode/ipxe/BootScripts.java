package org.bootnode.ipxe;

import java.util.Objects;

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

    /** {@link #chainByMac(String, int, BootScriptOptions)} with the defaults. */
    public static IpxeScript chainByMac(String host, int port) {
        return chainByMac(host, port, BootScriptOptions.DEFAULTS);
    }

    /**
     * Chains to {@code http://HOST:PORT/boot/${net0/mac}.ipxe}, retrying; after the last
     * failed attempt it says so, waits the pause and reboots, so that the node asks again.
     *
     * @param host a host name or IPv4 address, or an IPv6 address in brackets
     * @param port the HTTP port
     */
    public static IpxeScript chainByMac(String host, int port, BootScriptOptions options) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
        }
        Value url = Value.builder()
                .text("http://" + Objects.requireNonNull(host, "host") + ":" + port + "/boot/")
                .ref(Setting.NET0_MAC)
                .text(".ipxe")
                .build();
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

    /** Frees earlier downloads, fetches kernel and initrd, boots; any failure goes to a label. */
    private static void boot(IpxeScript.Builder script, BootTarget target, String onFailure) {
        Goto failed = Goto.to(onFailure);
        script.line(Line.of(OtherCommand.of("imgfree")).or(failed));
        script.line(Line.of(ImageFetch.kernel(target.kernel()).withName("kernel")
                .withArgs(target.kernelArgs())).or(failed));
        script.line(Line.of(ImageFetch.initrd(target.initrd()).withName(target.initrdName())).or(failed));
        script.line(Line.of(Boot.selected()).or(failed));
    }
}
