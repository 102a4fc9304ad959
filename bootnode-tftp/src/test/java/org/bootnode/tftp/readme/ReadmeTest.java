package org.bootnode.tftp.readme;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.bootnode.testkit.ReadmeSnippets;
import org.junit.jupiter.api.Test;

/** The README's embedding example is the compiled one in {@link EmbeddingExample}, word for word. */
class ReadmeTest {
    @Test
    void theReadmeQuotesTheCompiledExample() throws IOException {
        String example = ReadmeSnippets.assertQuoted(Path.of("README.md"),
                Path.of("src/test/java/org/bootnode/tftp/readme/EmbeddingExample.java"));
        assertTrue(example.lines().count() <= 12, "the example stays short");
    }
}
