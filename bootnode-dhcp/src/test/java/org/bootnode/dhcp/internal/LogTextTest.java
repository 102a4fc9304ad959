package org.bootnode.dhcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class LogTextTest {
    @Test
    void forgedLineAnsiEscapeAndBidiOverrideAreEscaped() {
        assertEquals("node\\n2026-12-07 INFO BootServer - node-000 booted FORGED",
                LogText.escape("node\n2026-12-07 INFO BootServer - node-000 booted FORGED"));
        assertEquals("\\x1b[31mred\\x1b[0m", LogText.escape("\u001b[31mred\u001b[0m"));
        assertEquals("a\\x{202e}b\\x{2028}c\\x85d", LogText.escape("a\u202eb\u2028c\u0085d"));
        assertEquals("back\\\\slash\\r\\t\\x00", LogText.escape("back\\slash\r\t\0"));
    }

    @Test
    void printableTextPassesUnchangedAndLongTextIsCut() {
        String s = "PXEClient:Arch:00007:UNDI:003000 ünïcode";
        assertEquals(s, LogText.escape(s));
        assertEquals("x".repeat(LogText.MAX_CHARS) + "...", LogText.escape("x".repeat(10_000)));
    }

    @Property(tries = 2000)
    void noControlOrLineBreakSurvives(@ForAll String text) {
        String out = LogText.escape(text);
        assertFalse(out.chars().anyMatch(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029
                || Character.getType(c) == Character.FORMAT || Character.isSurrogate((char) c)), out);
    }
}
