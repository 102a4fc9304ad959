package org.bootnode.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonTest {
    record Sample(String name, List<String> bootFiles, Integer count) {}

    private static Sample sample(String json) {
        return Json.read(json.getBytes(StandardCharsets.UTF_8), Sample.class);
    }

    @Test
    void readsARecordWhoseFieldsAreKebabCase() {
        assertEquals(new Sample("n1", List.of("a", "b"), 3), sample("{\"name\":\"n1\",\"boot-files\":[\"a\",\"b\"],\"count\":3}"));
        assertEquals(new Sample("n1", null, null), sample("{\"name\":\"n1\"}"));
    }

    @Test
    void unknownFieldIsRefusedWithItsName() {
        JsonInputException e = assertThrows(JsonInputException.class, () -> sample("{\"name\":\"n1\",\"colour\":\"red\"}"));
        assertEquals(Optional.of("colour"), e.field());
    }

    @Test
    void duplicateKeyIsRefused() {
        JsonInputException e = assertThrows(JsonInputException.class, () -> sample("{\"name\":\"a\",\"name\":\"b\"}"));
        assertTrue(e.getMessage().contains("name"), e.getMessage());
        assertThrows(JsonInputException.class, () -> Json.parse("{\"a\":1,\"a\":2}"));
    }

    @Test
    void aValueOfTheWrongKindIsRefusedWithItsField() {
        JsonInputException e = assertThrows(JsonInputException.class, () -> sample("{\"name\":7}"));
        assertEquals(Optional.of("name"), e.field());
        assertThrows(JsonInputException.class, () -> sample("{\"count\":\"3\"}"));
    }

    @Test
    void malformedDocumentsAreRefused() {
        for (String bad : List.of("", "{", "[1,]", "{\"a\" 1}", "tru", "\"\\x\"", "01", "{} {}", "[1] x", "{'a':1}", "\"a\nb\"")) {
            assertThrows(JsonInputException.class, () -> Json.parse(bad), bad);
        }
    }

    @Test
    void nestingAndSizeAreBounded() {
        assertEquals(1, ((List<?>) Json.parse("[".repeat(Json.MAX_DEPTH) + "1" + "]".repeat(Json.MAX_DEPTH))).size());
        assertThrows(JsonInputException.class, () -> Json.parse("[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1)));
        String big = "\"" + "x".repeat(Json.MAX_BYTES) + "\"";
        assertThrows(JsonInputException.class, () -> Json.parse(big));
    }

    @Test
    void theReasonIsSafeForALogLine() {
        JsonInputException e = assertThrows(JsonInputException.class, () -> sample("{\"na\\u001b[31mme\":1}"));
        assertFalse(e.getMessage().contains("\u001b"), e.getMessage());
        assertFalse(e.field().orElseThrow().contains("\u001b"));
    }

    @Test
    void everyStringRoundTrips() {
        String text = "a\"b\\c\n\t\u0001\u2028é\uD83D\uDE00";
        assertEquals(List.of(text), Json.parse(Json.write(List.of(text))));
        assertEquals(Map.of("a", List.of(1, -2, 3.5, false)), Json.parse(" {\"a\": [1, -2, 3.5, false]} "));
    }
}
