package org.bootnode.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

class ReadmeSnippetsTest {
    static final String SOURCE = """
            class Example {
                void run() {
                    // README example begin
                    int x = call(1,
                            2);

                    use(x);
                    // README example end
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void theExampleIsQuotedWithoutTheMethodBodysIndentation() throws IOException {
        String quoted = "int x = call(1,\n        2);\n\nuse(x);\n";
        Path readme = write("README.md", "# Example\n\n```sh\nls\n```\n\n```java\n" + quoted + "```\n\nMore.\n");
        assertEquals(quoted, ReadmeSnippets.assertQuoted(readme, write("Example.java", SOURCE)));
    }

    @Test
    void aReadmeThatDiffersFails() throws IOException {
        Path readme = write("README.md", "```java\nint x = call(1,\n        2);\n\nuse(y);\n```\n");
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> ReadmeSnippets.assertQuoted(readme, write("Example.java", SOURCE)));
        assertTrue(e.getMessage().contains("does not quote the example"), e.getMessage());
    }

    @Test
    void missingPiecesAreNamed() throws IOException {
        Path source = write("Example.java", SOURCE);
        assertFails("has no ```java block", write("README.md", "no code\n"), source);
        assertFails("never closed", write("README.md", "```java\nint x;\n"), source);
        assertFails("has no line \"// README example end\"", write("README.md", "```java\n```\n"),
                write("Other.java", "// README example begin\n"));
    }

    private void assertFails(String expected, Path readme, Path source) {
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> ReadmeSnippets.assertQuoted(readme, source));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
