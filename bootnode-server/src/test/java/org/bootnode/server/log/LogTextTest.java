package org.bootnode.server.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LogTextTest {
    @Test
    void newlinesCannotForgeALine() {
        assertEquals("x\\n2026-01-01 INFO BootServer - node-000 booted FORGED\\r",
                LogText.escape("x\n2026-01-01 INFO BootServer - node-000 booted FORGED\r"));
    }

    @Test
    void ansiEscapesAndOtherControlsAreHex() {
        assertEquals("\\x1b[31mred\\x1b[0m \\x00 \\x7f \\x9b2J \\t", LogText.escape("\u001b[31mred\u001b[0m \u0000 \u007f \u009b2J \t"));
    }

    @Test
    void theBackslashIsDoubledSoEscapesAreUnambiguous() {
        assertEquals("\\\\n is not \\n", LogText.escape("\\n is not \n"));
    }

    @Test
    void separatorsBidiOverridesAndLoneSurrogatesAreEscaped() {
        assertEquals("a\\u2028b\\u2029c\\u202eevil\\u200b \\ud800x", LogText.escape("a\u2028b\u2029c\u202eevil\u200b \ud800x"));
        assertEquals("\\udc00", LogText.escape("\udc00"));
        assertEquals("a\\udb40\\udc41b", LogText.escape("a\udb40\udc41b"), "U+E0041, an invisible tag A");
    }

    @Test
    void safeTextIsReturnedAsItIs() {
        String text = "undionly.kpxe é 日本 \uD83D\uDE80 /tftp/sub/snponly.efi";
        assertSame(text, LogText.escape(text));
        assertEquals("null", LogText.escape(null));
    }

    @Test
    void noRandomInputLeavesAnUnsafeCharacter() {
        Random random = new Random(23);
        for (int round = 0; round < 10_000; round++) {
            char[] chars = new char[random.nextInt(20)];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = (char) (random.nextBoolean() ? random.nextInt(0x100) : random.nextInt(0x10000));
            }
            String in = new String(chars);
            String out = LogText.escape(in);
            out.codePoints().forEach(cp -> {
                int type = Character.getType(cp);
                assertTrue(cp >= 0x20 && !(cp >= 0x7f && cp < 0xa0) && type != Character.FORMAT && type != Character.SURROGATE
                        && type != Character.LINE_SEPARATOR && type != Character.PARAGRAPH_SEPARATOR,
                        () -> "escape of " + in.chars().mapToObj(Integer::toHexString).toList() + " left " + Integer.toHexString(cp));
            });
        }
    }
}
