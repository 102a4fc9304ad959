package org.bootnode.tftp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LogTextTest {
    @Test
    void plainTextIsReturnedAsIs() {
        String s = "pxelinux.cfg/01-fc-ab-14-e8-66-01 é ü";
        assertSame(s, LogText.escape(s));
    }

    @Test
    void lineBreaksAnsiEscapesAndBidiOverridesAreEscaped() {
        assertEquals("a\\nb\\r\\tc", LogText.escape("a\nb\r\tc"));
        assertEquals("\\x1b[31mred\\x1b[0m", LogText.escape("\u001b[31mred\u001b[0m"));
        assertEquals("\\x7f\\x85\\x9b", LogText.escape("\u007f\u0085\u009b"));
        assertEquals("\\u2028\\u2029\\u202e", LogText.escape("\u2028\u2029\u202e"));
        assertEquals("x\\\\ny", LogText.escape("x\\ny"), "a backslash is doubled, so an escape cannot be forged");
        assertEquals("null", LogText.escape(null));
    }

    @Test
    void longTextIsCutWithTheCountLeftOut() {
        String s = "a".repeat(LogText.MAX + 10);
        assertEquals("a".repeat(LogText.MAX) + "...(10 more)", LogText.escape(s));
    }

    @Test
    void noControlCharacterOfAnyRandomTextGetsThrough() {
        Random random = new Random(23);
        for (int i = 0; i < 10_000; i++) {
            char[] c = new char[random.nextInt(40)];
            for (int j = 0; j < c.length; j++) {
                c[j] = (char) (random.nextBoolean() ? random.nextInt(0x100) : random.nextInt(0x10000));
            }
            String out = LogText.escape(new String(c));
            for (char ch : out.toCharArray()) {
                int type = Character.getType(ch);
                assertTrue(ch >= 0x20 && ch != 0x7f && type != Character.CONTROL && type != Character.FORMAT
                        && type != Character.LINE_SEPARATOR && type != Character.PARAGRAPH_SEPARATOR
                        && type != Character.SURROGATE, () -> "got through: " + (int) ch);
            }
        }
    }
}
