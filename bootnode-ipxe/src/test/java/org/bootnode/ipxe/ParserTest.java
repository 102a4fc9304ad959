package org.bootnode.ipxe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Scripts written by people, read the way iPXE reads them. */
class ParserTest {

    private static List<Statement> parse(String text) throws IpxeParseException {
        return IpxeScript.parse(text).statements();
    }

    @Test
    void aLabelWithACommandOnTheSameLineIsALabelThenALine() throws IpxeParseException {
        assertEquals(List.of(new Label("retry"), Line.of(Dhcp.any())), parse("#!ipxe\n  :retry dhcp\n"));
    }

    @Test
    void aCommentAfterALabelRunsNothing() throws IpxeParseException {
        assertEquals(List.of(new Label("a"), Line.of(Boot.selected())), parse("#!ipxe\n:a # note\nboot\n"));
    }

    @Test
    void backslashJoinsLinesWithNothingInBetween() throws IpxeParseException {
        assertEquals(List.of(Line.of(Echo.of("abc def"))), parse("#!ipxe\necho ab\\\nc \\\ndef\n"));
    }

    @Test
    void crlfLineEndsAreAccepted() throws IpxeParseException {
        assertEquals(List.of(Line.of(Dhcp.any()), Line.of(Boot.selected())), parse("#!ipxe\r\ndhcp\r\nboot\r\n"));
    }

    @Test
    void aTrailingCommentEndsTheCommandAndIsDropped() throws IpxeParseException {
        assertEquals(List.of(Line.of(Echo.of("a b"))), parse("#!ipxe\necho a b #c d || exit\n"));
    }

    @Test
    void aHashInsideATokenIsText() throws IpxeParseException {
        assertEquals(List.of(Line.of(ImageFetch.chain(Value.text("http://x/#y")))), parse("#!ipxe\nchain http://x/#y\n"));
    }

    @Test
    void separatorsOnlyCountAsWholeTokens() throws IpxeParseException {
        assertEquals(List.of(Line.of(Echo.of("a||b")).or(new Exit(null))), parse("#!ipxe\necho a||b || exit\n"));
    }

    @Test
    void tabsSeparateTokens() throws IpxeParseException {
        assertEquals(List.of(Line.of(Echo.of("a b"))), parse("#!ipxe\necho\ta \t b\n"));
    }

    @Test
    void optionsMayBeShortClusteredOrInline() throws IpxeParseException {
        Item expected = new Item(null, (int) 'x', true, false, Value.text("a"), Words.of("A"));
        assertEquals(List.of(Line.of(expected)), parse("#!ipxe\nitem -dk x a A\n"));
        assertEquals(List.of(Line.of(expected)), parse("#!ipxe\nitem --default --key=x a A\n"));
        assertEquals(List.of(Line.of(ImageFetch.kernel(Value.text("u")).withName("k"))),
                parse("#!ipxe\nkernel -nk u\n"));
    }

    @Test
    void theFirstArgumentEndsTheOptions() throws IpxeParseException {
        assertEquals(List.of(Line.of(ImageFetch.kernel(Value.text("u")).withArgs(Words.of("--name x")))),
                parse("#!ipxe\nkernel u --name x\n"));
    }

    @Test
    void settingReferencesAreTyped() throws IpxeParseException {
        Value url = Value.builder().text("http://").ref(Setting.NEXT_SERVER).text("/").ref(Setting.NET0_MAC_HEXHYP)
                .build();
        assertEquals(List.of(Line.of(ImageFetch.chain(url))),
                parse("#!ipxe\nchain http://${next-server}/${net0/mac:hexhyp}\n"));
    }

    @Test
    void gpxeSignatureIsAccepted() throws IpxeParseException {
        assertEquals(List.of(Line.of(Boot.selected())), parse("#!gpxe\nboot\n"));
    }

    @Test
    void noFinalNewlineIsFine() throws IpxeParseException {
        assertEquals(List.of(Line.of(Boot.selected())), parse("#!ipxe\nboot"));
    }

    @Test
    void unknownCommandsAreKeptTokenByToken() throws IpxeParseException {
        assertEquals(List.of(Line.of(OtherCommand.of("sanboot", "--no-describe", "iscsi:x"))),
                parse("#!ipxe\nsanboot --no-describe iscsi:x\n"));
    }

    @Test
    void errorsNameLineAndColumn() {
        IpxeParseException e = assertThrows(IpxeParseException.class, () -> parse("#!ipxe\ndhcp\nkernel --bogus u\n"));
        assertEquals(3, e.line());
        assertEquals(8, e.column());
        assertTrue(e.getMessage().contains("unknown option --bogus"), e.getMessage());

        e = assertThrows(IpxeParseException.class, () -> parse("#!ipxe\necho ${a${b}}\n"));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("nested"), e.getMessage());

        e = assertThrows(IpxeParseException.class, () -> parse("#!ipxe\niseq a\n"));
        assertTrue(e.getMessage().contains("1 arguments (expected: 2)"), e.getMessage());

        e = assertThrows(IpxeParseException.class, () -> parse("#!ipxe\nkernel --name\n"));
        assertTrue(e.getMessage().contains("requires a value"), e.getMessage());

        e = assertThrows(IpxeParseException.class, () -> parse("#!ipxe\nsleep soon\n"));
        assertTrue(e.getMessage().contains("expected: a number"), e.getMessage());

        e = assertThrows(IpxeParseException.class, () -> parse("#!ipxe\ndhcp ||\n"));
        assertTrue(e.getMessage().contains("empty command"), e.getMessage());

        e = assertThrows(IpxeParseException.class, () -> parse("#!ipxe\necho a\\"));
        assertTrue(e.getMessage().contains("continuation"), e.getMessage());
    }

    @Test
    void errorsFoundWhileSplittingNameLineAndColumn() {
        assertPosition("#!ipxe\ndhcp\n|| boot\n", 3, 1, "empty command before \"||\"");
        assertPosition("#!ipxe\ndhcp ||\n", 2, 7, "empty command after \"||\"");
        assertPosition("#!ipxe\n\n  :a dhcp || || boot\n", 3, 14, "empty command before \"||\"");
        assertPosition("#!ipxe\necho a\\\nb\\", 2, 1, "continuation");
        assertPosition("#!ipxe\necho ok\n   goto ${a${b}}\n", 3, 9, "nested");
        assertPosition("#!ipxe\n\n\nitem\n", 4, 1, "item: ");
        assertPosition("#!ipxe\ndhcp\n  :a boot -x\n", 3, 11, "unknown option -x");
        assertPosition("boot\n", 1, 1, "missing signature");
    }

    private static void assertPosition(String script, int line, int column, String message) {
        IpxeParseException e = assertThrows(IpxeParseException.class, () -> parse(script));
        assertEquals(List.of(line, column), List.of(e.line(), e.column()), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void aFileWithoutTheSignatureIsNotAScript() {
        assertThrows(IpxeParseException.class, () -> parse("dhcp\nboot\n"));
        assertThrows(IpxeParseException.class, () -> parse("#!ipxeboot\n"));
        assertThrows(IpxeParseException.class, () -> parse(""));
    }

    @Test
    void numbersAreReadLikeStrtoul() throws IpxeParseException {
        assertEquals(List.of(Line.of(new Sleep(16))), parse("#!ipxe\nsleep 0x10\n"));
        assertEquals(List.of(Line.of(new Sleep(8))), parse("#!ipxe\nsleep 010\n"));
    }
}
