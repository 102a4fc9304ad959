package org.bootnode.ipxe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Values iPXE's reader could get wrong are refused; all others come back exactly. */
class HostileValueTest {

    @ParameterizedTest
    @ValueSource(strings = {"a$b{c}|d#e", "x||y", "a&&b", "a;b", "$", "{", "}", "-", "--", "-n", "}{$",
            "http://x/#frag", "a\\b", "trailing\\", ":label", "100%", "ünïcödé", "\u001b[0m", "'quoted'",
            "\"dq\"", "$x{y}", "*?[]", "=", "a=b=c"})
    void literalTokensComeBackExactly(String hostile) throws IpxeParseException {
        IpxeScript script = IpxeScript.builder()
                .command(new Echo(false, Words.of(Value.text(hostile))))
                .command(new Iseq(Value.text(hostile), Value.text("x")))
                .command(ImageFetch.kernel(Value.text(hostile)).withName(hostile))
                .build();
        String text = script.render();
        List<List<String>> argvs = IpxeSim.argvs(text, Map.of("x", "SHOULD-NOT-APPEAR"));
        // After getopt: echo's words, iseq's two values, kernel's --name and URI.
        assertEquals(List.of(hostile), Getopt.positionals(argvs.get(0), "n", ""));
        assertEquals(List.of(hostile, "x"), Getopt.positionals(argvs.get(1), "", ""));
        assertEquals(List.of(hostile), Getopt.positionals(argvs.get(2), "ar", "nt"));
        assertEquals(hostile, Getopt.option(argvs.get(2), "ar", "nt", 'n'));
        assertEquals(script, IpxeScript.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", " lead", "trail ", "tab\there", "new\nline", "cr\r", "nul\0", "vt\u000bx",
            "ff\fx", "${x}", "a${b", "}${", "{${", "#hash", "||", "&&", ";", ""})
    void tokensIpxeWouldReadDifferentlyAreRefused(String hostile) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Value.text(hostile));
        assertTrue(e.getMessage().startsWith("value: "), e.getMessage());
    }

    @Test
    void literalsThatCouldFormAReferenceWithASettingAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Value.of(new Literal("a$"), Setting.of("x")));
        assertThrows(IllegalArgumentException.class, () -> Value.of(Setting.of("x"), new Literal("{y}")));
        assertEquals("a$-${x}-{", Value.of(new Literal("a$-"), Setting.of("x"), new Literal("-{")).render());
    }

    @Test
    void parseReadsSettingReferencesOutOfAToken() {
        assertEquals(Value.builder().text("http://").ref(Setting.NEXT_SERVER).text("/boot/")
                .ref(Setting.NET0_MAC_HEXHYP).text(".ipxe").build(),
                Value.parse("http://${next-server}/boot/${net0/mac:hexhyp}.ipxe"));
        assertEquals(Value.text("a$b{c}"), Value.parse("a$b{c}"));
        assertThrows(IllegalArgumentException.class, () -> Value.parse("${a${b}}"));
        assertThrows(IllegalArgumentException.class, () -> Value.parse("a${b"));
        assertThrows(IllegalArgumentException.class, () -> Value.parse("a b"));
    }

    @Test
    void adjacentLiteralsAreJoinedBeforeTheyAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> Value.of(new Literal("$"), new Literal("{x}")));
        assertEquals(Value.text("ab"), Value.of(new Literal("a"), new Literal("b")));
    }

    @Test
    void wordsWithSingleSpacesComeBackJoined() throws IpxeParseException {
        String text = "console=ttyS0,115200n8 root=/dev/nfs a$b #not-a-comment-inside x||y";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Words.of(text));
        assertTrue(e.getMessage().contains("#not-a-comment"), e.getMessage());
        String ok = "console=ttyS0,115200n8 root=/dev/nfs a$b not#a-comment x||y -x";
        IpxeScript script = IpxeScript.builder().command(Echo.of(ok)).command(SetSetting.of("v", ok)).build();
        List<List<String>> argvs = IpxeSim.argvs(script.render(), Map.of());
        assertEquals(ok, String.join(" ", Getopt.positionals(argvs.get(0), "n", "")));
        assertEquals(ok, String.join(" ", argvs.get(1).subList(2, argvs.get(1).size())));
        assertEquals(script, IpxeScript.parse(script.render()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a  b", " a", "a ", "a\tb", "a\nb"})
    void wordsThatIpxeCannotJoinBackAreRefused(String text) {
        assertThrows(IllegalArgumentException.class, () -> Words.of(text));
    }

    @Test
    void textThatWordsCannotCarryGoesThroughAHexSetting() throws IpxeParseException {
        SetSetting set = SetSetting.exactly("v", " a  b\t#c || ");
        assertEquals("set v:hex 20:61:20:20:62:09:23:63:20:7c:7c:20", set.render());
        assertEquals(new SetSetting(Setting.parse("v:hex"), Words.NONE), SetSetting.exactly("v", ""));
        IpxeScript script = IpxeScript.builder().command(set).build();
        assertEquals(script, IpxeScript.parse(script.render()));
        assertThrows(IllegalArgumentException.class, () -> SetSetting.exactly("v", "a${b}"));
        assertThrows(IllegalArgumentException.class, () -> SetSetting.exactly("v", "nul\0"));
        assertThrows(IllegalArgumentException.class, () -> SetSetting.exactly("v:hex", "x"));
    }

    @Test
    void veryLongValuesRoundTrip() throws IpxeParseException {
        String longValue = "x".repeat(100_000) + "$" + "}".repeat(10);
        IpxeScript script = IpxeScript.builder().command(Echo.of(longValue)).build();
        assertEquals(script, IpxeScript.parse(script.render()));
        assertEquals(List.of("echo", longValue), IpxeSim.argvs(script.render(), Map.of()).get(0));
    }

    @Test
    void errorMessagesNameTheProblemAndTheWayOut() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Value.text("a b"));
        assertEquals("value: \"a b\" contains a space at index 1 (iPXE splits arguments on whitespace and has no"
                + " quoting; text with single spaces can be written as Words or through set)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Value.text("x${y}"));
        assertEquals("value: \"x${y}\" contains \"${\" (iPXE expands settings with no escape)", e.getMessage());
    }
}
