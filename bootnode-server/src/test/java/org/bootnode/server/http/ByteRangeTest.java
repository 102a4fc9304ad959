package org.bootnode.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByteRangeTest {
    @ParameterizedTest(name = "{0} of {1} bytes -> {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "NULL            | 100 | whole",
        "bytes=0-9       | 100 | 0-9",
        "bytes=90-       | 100 | 90-99",
        "bytes=90-200    | 100 | 90-99",
        "bytes=-10       | 100 | 90-99",
        "bytes=-500      | 100 | 0-99",
        "BYTES=5-5       | 100 | 5-5",
        "bytes=100-      | 100 | unsatisfiable",
        "bytes=100-200   | 100 | unsatisfiable",
        "bytes=-0        | 100 | unsatisfiable",
        "bytes=0-        | 0   | unsatisfiable",
        "bytes=9-5       | 100 | whole",
        "bytes=0-9,20-29 | 100 | whole",
        "items=0-9       | 100 | whole",
        "bytes=a-9       | 100 | whole",
        "bytes=-         | 100 | whole",
        "bytes=99999999999999999999- | 100 | whole",
    })
    void table(String header, long size, String expected) {
        ByteRange range = ByteRange.of(header, size);
        String actual = range instanceof ByteRange.Part p ? p.first() + "-" + p.last()
                : range instanceof ByteRange.Whole ? "whole" : "unsatisfiable";
        assertEquals(expected, actual);
    }

    @Property
    void aPartAlwaysLiesInsideTheFile(@ForAll @LongRange(min = 0, max = 1000) long a, @ForAll @LongRange(min = 0, max = 1000) long b,
            @ForAll @LongRange(min = 0, max = 1000) long size) {
        for (String header : new String[] {"bytes=" + a + "-" + b, "bytes=" + a + "-", "bytes=-" + b}) {
            if (ByteRange.of(header, size) instanceof ByteRange.Part p) {
                assertTrue(p.first() >= 0 && p.first() <= p.last() && p.last() < size, header + " of " + size + ": " + p);
            }
        }
    }

    @Property
    void anyHeaderGivesAResult(@ForAll String header, @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long size) {
        ByteRange.of(header, size);
    }
}
