package org.bootnode.ipxe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LineAndStatementTest {

    @Test
    void separatorsJoinCommandsOnOneLine() {
        Line line = Line.of(ImageFetch.chain(Value.text("http://x/a"))).or(Goto.to("retry"))
                .and(Echo.of("odd")).then(Separator.THEN, Echo.of("always"));
        assertEquals("chain http://x/a || goto retry && echo odd ; echo always", line.render());
    }

    @Test
    void aLineEndingInABackslashGetsACommentSoThatItDoesNotContinue() throws IpxeParseException {
        IpxeScript script = IpxeScript.builder().command(Echo.of("a\\")).command(Echo.of("b")).build();
        assertEquals("#!ipxe\necho a\\ #\necho b\n", script.render());
        assertEquals(List.of(List.of("echo", "a\\"), List.of("echo", "b")),
                IpxeSim.argvs(script.render(), Map.of()));
        assertEquals(script, IpxeScript.parse(script.render()));
    }

    @Test
    void labelsCommentsAndBlanksRenderOneLineEach() throws IpxeParseException {
        IpxeScript script = IpxeScript.builder().comment("hello").comment("").blank().label("start")
                .command(new Exit(null)).build();
        assertEquals("#!ipxe\n# hello\n#\n\n:start\nexit\n", script.render());
        assertEquals(script, IpxeScript.parse(script.render()));
    }

    @Test
    void commentsThatWouldSpillOntoTheNextLineAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Comment("two\nlines"));
        assertThrows(IllegalArgumentException.class, () -> new Comment("ends in \\"));
        assertThrows(IllegalArgumentException.class, () -> new Comment("cr\r"));
    }

    @Test
    void labelsFollowTheRulesOfLiteralValues() {
        assertThrows(IllegalArgumentException.class, () -> new Label("has space"));
        assertThrows(IllegalArgumentException.class, () -> new Label(""));
        assertThrows(IllegalArgumentException.class, () -> new Label("#x"));
        assertThrows(IllegalArgumentException.class, () -> new Label("${x}"));
        assertThrows(IllegalArgumentException.class, () -> new Label("x\\"));
        assertEquals(":menu-1", new Label("menu-1").render());
    }

    @Test
    void otherCommandRefusesModelledNames() {
        assertThrows(IllegalArgumentException.class, () -> OtherCommand.of("echo", "x"));
        assertThrows(IllegalArgumentException.class, () -> OtherCommand.of("#x"));
    }
}
