package org.bootnode.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void writerPlacesCommasAndEscapes() {
        String json = new JsonWriter().beginObject()
                .name("a").value(1)
                .name("b").beginArray().value("x").value(true).value((String) null).beginObject().endObject().endArray()
                .name("c\"").value("line\nbreak\u0001\\")
                .endObject().toString();
        assertEquals("{\"a\":1,\"b\":[\"x\",true,null,{}],\"c\\\"\":\"line\\nbreak\\u0001\\\\\"}", json);
    }

    @Test
    void readerReadsWhatTheWriterWrote() {
        Object doc = JsonReader.parse(" {\"a\": [1, -2, 3.5, \"\\u00e9\\n\", false, null], \"b\": {}} ");
        assertEquals(Map.of("a", Arrays.asList(1L, -2L, 3.5, "é\n", false, null), "b", Map.of()), doc);
    }

    @Test
    void readerRejectsBrokenDocuments() {
        for (String bad : List.of("", "{", "[1,]", "{\"a\"}", "01", "\"\\x\"", "[1] x", "tru", "\"a\u0001\"")) {
            assertThrows(IllegalArgumentException.class, () -> JsonReader.parse(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> JsonReader.parse("[".repeat(100) + "]".repeat(100)));
    }

    @Property
    void anyStringSurvivesARoundTrip(@ForAll String text) {
        String json = new JsonWriter().beginArray().value(text).endArray().toString();
        assertEquals(List.of(text), JsonReader.parse(json));
    }

    @Property
    void readerNeverThrowsAnythingButIllegalArgument(@ForAll String text) {
        try {
            JsonReader.parse(text);
        } catch (IllegalArgumentException expected) {
            // a worded rejection is the only allowed failure
        }
    }
}
