package org.bootnode.storm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StormReportTest {
    @Test
    void percentilesAreNearestRank() {
        long[] hundred = new long[100];
        for (int i = 0; i < 100; i++) {
            hundred[i] = i + 1;
        }
        assertEquals(50, StormReport.rank(hundred, 0.50));
        assertEquals(99, StormReport.rank(hundred, 0.99));
        assertEquals(100, StormReport.rank(hundred, 1.0));
        assertEquals(7, StormReport.rank(new long[] {7}, 0.99));
        assertEquals(0, StormReport.rank(new long[0], 0.5));
    }
}
