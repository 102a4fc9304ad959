package org.bootnode.tftp.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README's embedding example is the compiled one in {@link EmbeddingExample}, word for word. */
class ReadmeTest {
    @Test
    void theReadmeQuotesTheCompiledExample() throws IOException {
        List<String> source = Files.readAllLines(Path.of("src/test/java/org/bootnode/tftp/readme/EmbeddingExample.java"));
        String example = dedent(source.subList(source.indexOf("        // README:begin") + 1, source.indexOf("        // README:end")));
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("```java\n");
        assertTrue(start >= 0, "README.md has no java block");
        String quoted = readme.substring(start + "```java\n".length(), readme.indexOf("```", start + 7));
        assertEquals(example, quoted);
        assertTrue(example.lines().count() <= 12, "the example stays short");
    }

    private static String dedent(List<String> lines) {
        return lines.stream().map(l -> l.length() >= 8 ? l.substring(8) : l.strip()).collect(Collectors.joining("\n", "", "\n"));
    }
}
