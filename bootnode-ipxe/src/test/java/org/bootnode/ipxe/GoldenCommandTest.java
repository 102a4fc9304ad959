package org.bootnode.ipxe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One golden line per command and option: the model renders it, and reads it back. */
class GoldenCommandTest {

    private static Value v(String text) {
        return Value.text(text);
    }

    private static Value ref(String name) {
        return Value.of(Setting.parse(name));
    }

    static Stream<Arguments> golden() {
        Value kernelUrl = v("http://10.0.0.1:8080/images/compute/kernel");
        return Stream.of(
                Arguments.of(Dhcp.any(), "dhcp"),
                Arguments.of(new Dhcp(List.of(v("net0"), v("net1"))), "dhcp net0 net1"),
                Arguments.of(new Ifconf(v("dhcp"), List.of(v("net0"))), "ifconf --configurator dhcp net0"),
                Arguments.of(ImageFetch.kernel(kernelUrl).withName("kernel").withTimeout(5000)
                                .withArgs(Words.of("initrd=initrd.img console=ttyS0")),
                        "kernel --name kernel --timeout 5000 http://10.0.0.1:8080/images/compute/kernel"
                                + " initrd=initrd.img console=ttyS0"),
                Arguments.of(ImageFetch.initrd(v("http://x/i")).withName("initrd.img"),
                        "initrd --name initrd.img http://x/i"),
                Arguments.of(ImageFetch.of(ImageFetch.Kind.MODULE, v("http://x/m")).withArgs(Words.of("a=1")),
                        "module http://x/m a=1"),
                Arguments.of(ImageFetch.of(ImageFetch.Kind.IMGFETCH, v("tftp://x/f")), "imgfetch tftp://x/f"),
                Arguments.of(ImageFetch.chain(Value.builder().text("http://x/boot/").ref(Setting.NET0_MAC)
                                .text(".ipxe").build()).withAutofree().withReplace(),
                        "chain --autofree --replace http://x/boot/${net0/mac}.ipxe"),
                Arguments.of(ImageFetch.kernel(v("-k")).withName("-n"), "kernel --name=-n -- -k"),
                Arguments.of(new Imgargs(v("kernel"), Words.of("quiet splash")), "imgargs kernel quiet splash"),
                Arguments.of(Boot.selected(), "boot"),
                Arguments.of(new Boot(v("kernel")), "boot kernel"),
                Arguments.of(Echo.of("hello world"), "echo hello world"),
                Arguments.of(new Echo(true, Words.of("no newline")), "echo -n no newline"),
                Arguments.of(new Echo(false, Words.NONE), "echo"),
                Arguments.of(Echo.of("-n is text here"), "echo -- -n is text here"),
                Arguments.of(new Echo(false, Words.of(ref("x"), v("after"))), "echo -- ${x} after"),
                Arguments.of(new Echo(false, Words.of(ref("net0/mac"))), "echo ${net0/mac}"),
                Arguments.of(new Echo(false, Words.of(ref("net0/mac:hexhyp"))), "echo ${net0/mac:hexhyp}"),
                Arguments.of(new Echo(false, Words.of(Value.of(Setting.IP, new Literal("-x")))), "echo -- ${ip}-x"),
                Arguments.of(SetSetting.of("hostname", "node 000"), "set hostname node 000"),
                Arguments.of(SetSetting.of("h:hex", "01:02"), "set h:hex 01:02"),
                Arguments.of(new SetSetting(Setting.of("x"), Words.NONE), "set x"),
                Arguments.of(new Clear(Setting.of("net0/x")), "clear net0/x"),
                Arguments.of(new Isset(ref("x")), "isset -- ${x}"),
                Arguments.of(new Isset(ref("ip")), "isset ${ip}"),
                Arguments.of(new Iseq(ref("platform"), v("efi")), "iseq ${platform} efi"),
                Arguments.of(new Iseq(ref("buildarch"), v("-x")), "iseq ${buildarch} -x"),
                Arguments.of(Goto.to("retry"), "goto retry"),
                Arguments.of(new Goto(ref("choice")), "goto -- ${choice}"),
                Arguments.of(Menu.titled("Boot menu"), "menu Boot menu"),
                Arguments.of(new Menu(v("main"), Words.of("Main")), "menu --name main Main"),
                Arguments.of(Item.of("linux", "Boot Linux").withKey('l').asDefault(),
                        "item --key l --default linux Boot Linux"),
                Arguments.of(Item.gap(""), "item --gap"),
                Arguments.of(Item.gap("-- tools --"), "item --gap -- -- tools --"),
                Arguments.of(new Item(v("main"), (int) '#', false, false, v("x"), Words.of("X")),
                        "item --menu main --key=# x X"),
                Arguments.of(new Item(null, (int) ';', false, false, v("x"), Words.NONE), "item --key=; x"),
                Arguments.of(new Item(null, (int) '-', false, false, v("x"), Words.NONE), "item --key=- x"),
                Arguments.of(new Item(null, 0x1b, false, false, v("x"), Words.NONE), "item --key 0x1b x"),
                Arguments.of(Choose.of("target", "linux", 5000L), "choose --default linux --timeout 5000 target"),
                Arguments.of(new Choose(v("main"), null, null, true, Setting.of("t")), "choose --menu main --keep t"),
                Arguments.of(new Prompt((int) ' ', 3000L, Words.of("Press space")),
                        "prompt --key 0x20 --timeout 3000 Press space"),
                Arguments.of(new Prompt(null, null, Words.NONE), "prompt"),
                Arguments.of(new Sleep(3), "sleep 3"),
                Arguments.of(new Shell(), "shell"),
                Arguments.of(new Reboot(false), "reboot"),
                Arguments.of(new Reboot(true), "reboot --warm"),
                Arguments.of(new Poweroff(), "poweroff"),
                Arguments.of(new Exit(null), "exit"),
                Arguments.of(new Exit(1L), "exit 1"),
                Arguments.of(new Imgverify(v("kernel"), v("http://x/kernel.sig"), v("boot.example"), true),
                        "imgverify --signer boot.example --keep kernel http://x/kernel.sig"),
                Arguments.of(new Imgtrust(false, false), "imgtrust"),
                Arguments.of(new Imgtrust(true, true), "imgtrust --allow --permanent"),
                Arguments.of(new Params(null, false), "params"),
                Arguments.of(new Params(v("form"), true), "params --name form --delete"),
                Arguments.of(new Param(null, false, v("mac"), Words.of(ref("net0/mac"))), "param mac ${net0/mac}"),
                Arguments.of(new Param(v("form"), true, v("X-Node"), Words.of("node 000")),
                        "param --params form --header X-Node node 000"),
                Arguments.of(new Ntp(v("pool.ntp.org")), "ntp pool.ntp.org"),
                Arguments.of(OtherCommand.of("imgfree"), "imgfree"),
                Arguments.of(OtherCommand.of("show", "net0/ip"), "show net0/ip"));
    }

    @ParameterizedTest
    @MethodSource("golden")
    void rendersAndReadsBack(Command command, String line) throws IpxeParseException {
        assertEquals(line, command.render());
        IpxeScript script = IpxeScript.parse("#!ipxe\n" + line + "\n");
        assertEquals(List.of(Line.of(command)), script.statements());
    }

    @ParameterizedTest
    @MethodSource("golden")
    void iPxeSeesTheModelsArguments(Command command, String line) {
        // The independent simulation of iPXE's reader agrees on the tokens and their values.
        List<List<String>> argvs = IpxeSim.argvs("#!ipxe\n" + line + "\n", Map.of());
        assertEquals(1, argvs.size(), line);
        assertEquals(command.name(), argvs.get(0).get(0));
    }
}
