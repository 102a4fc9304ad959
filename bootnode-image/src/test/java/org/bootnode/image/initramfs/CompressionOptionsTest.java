package org.bootnode.image.initramfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bootnode.image.internal.Compressors;
import org.junit.jupiter.api.Test;
import org.tukaani.xz.LZMA2Options;

class CompressionOptionsTest {
    @Test
    void defaultPresetSixUsesHashChainsAndAShallowerSearch() {
        LZMA2Options tuned = Compressors.lzma2(CompressionOptions.builder().build(), 32L << 20);
        assertEquals(LZMA2Options.MF_HC4, tuned.getMatchFinder());
        assertEquals(LZMA2Options.MODE_NORMAL, tuned.getMode());
        assertEquals(48, tuned.getNiceLen());
        assertEquals(8, tuned.getDepthLimit());
        assertEquals(8 << 20, tuned.getDictSize());
    }

    @Test
    void exactPresetSixIsXzUtilsMinusSix() {
        LZMA2Options exact = Compressors.lzma2(CompressionOptions.builder().xzExact(true).build(), 32L << 20);
        LZMA2Options preset = new LZMA2Options();
        assertEquals(preset.getNiceLen(), exact.getNiceLen());
        assertEquals(64, exact.getNiceLen());
        assertEquals(preset.getDepthLimit(), exact.getDepthLimit());
        assertEquals(preset.getMatchFinder(), exact.getMatchFinder());
    }

    @Test
    void otherPresetsAreNeverTuned() throws Exception {
        for (int preset : new int[] {0, 5, 7, 9}) {
            LZMA2Options ours = Compressors.lzma2(CompressionOptions.builder().level(preset).build(), 1L << 30);
            LZMA2Options theirs = new LZMA2Options(preset);
            assertEquals(theirs.getNiceLen(), ours.getNiceLen(), "preset " + preset);
            assertEquals(theirs.getDepthLimit(), ours.getDepthLimit(), "preset " + preset);
        }
    }

    @Test
    void dictionaryNeverExceedsTheSegment() {
        assertEquals(1 << 20, Compressors.lzma2(CompressionOptions.builder().build(), 1 << 20).getDictSize());
        assertEquals(LZMA2Options.DICT_SIZE_MIN, Compressors.lzma2(CompressionOptions.builder().build(), 10).getDictSize());
    }

    @Test
    void aTunedXzThreadNeedsAThirdLessThanAnExactOne() {
        long tuned = CompressionOptions.builder().threads(2).build().memoryPerThread();
        long exact = CompressionOptions.builder().threads(2).xzExact(true).build().memoryPerThread();
        assertTrue(tuned > 60L << 20 && tuned < 75L << 20, Long.toString(tuned));
        assertTrue(exact > 90L << 20 && exact < 110L << 20, Long.toString(exact));
    }

    @Test
    void levelOutOfRangeNamesTheRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CompressionOptions.builder().level(10).build());
        assertEquals("level: 10 (expected: 0..9 for xz)", e.getMessage());
    }
}
