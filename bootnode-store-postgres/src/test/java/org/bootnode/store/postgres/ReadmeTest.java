package org.bootnode.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** README.md shows the code of {@link ReadmeExample} (which PostgresLeaseStoreIT runs against a database). */
class ReadmeTest {
    private static final String BEGIN = "// README example begin";
    private static final String END = "// README example end";

    @Test
    void theReadmeExampleIsTheCompiledOne() throws IOException {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf("```java\n");
        assertTrue(start >= 0, "README.md has no ```java block");
        String snippet = readme.substring(start + "```java\n".length(), readme.indexOf("```\n", start + 1));
        assertEquals(example(), snippet);
    }

    /** The lines between the markers, with the method body's indentation removed. */
    private static String example() throws IOException {
        String source = Files.readString(Path.of("src/test/java/org/bootnode/store/postgres/ReadmeExample.java"),
                StandardCharsets.UTF_8);
        int from = source.indexOf('\n', source.indexOf(BEGIN)) + 1;
        int to = source.lastIndexOf('\n', source.indexOf(END)) + 1;
        StringBuilder out = new StringBuilder();
        for (String line : source.substring(from, to).split("\n")) {
            out.append(line.startsWith("        ") ? line.substring(8) : line.strip()).append('\n');
        }
        return out.toString();
    }
}
