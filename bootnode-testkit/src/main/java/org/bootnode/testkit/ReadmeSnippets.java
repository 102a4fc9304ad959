package org.bootnode.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A README's Java example is compiled test source, word for word. The source marks the example
 * with two comment lines, and the README quotes what lies between them, less the markers' own
 * indentation (the method body's), in its first {@code ```java} block:
 *
 * <pre>{@code
 * static TftpServer start(Path root) {
 *     // README example begin
 *     TftpServer server = TftpServer.builder()
 *             ...
 *     // README example end
 *     return server;
 * }
 * }</pre>
 */
public final class ReadmeSnippets {
    /** The line that opens the example in the source, indented like the example. */
    public static final String BEGIN = "// README example begin";
    /** The line that closes it. */
    public static final String END = "// README example end";

    private static final String FENCE = "```java\n";

    private ReadmeSnippets() {}

    /**
     * Asserts that the first {@code ```java} block of {@code readme} is the example marked in
     * {@code source}, and returns it for checks of its own (its length, say).
     */
    public static String assertQuoted(Path readme, Path source) throws IOException {
        String example = example(source);
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        int start = text.indexOf(FENCE);
        if (start < 0) {
            fail(readme + " has no ```java block");
        }
        int end = text.indexOf("```\n", start + FENCE.length());
        if (end < 0) {
            fail(readme + ": the ```java block at offset " + start + " is never closed");
        }
        assertEquals(example, text.substring(start + FENCE.length(), end),
                readme + " does not quote the example of " + source);
        return example;
    }

    /** The lines between the markers of {@code source}, the markers' indentation removed. */
    static String example(Path source) throws IOException {
        List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
        int begin = marker(lines, BEGIN, source);
        int end = marker(lines, END, source);
        if (end < begin) {
            fail(source + ": \"" + END + "\" comes before \"" + BEGIN + "\"");
        }
        String indent = lines.get(begin).substring(0, lines.get(begin).indexOf(BEGIN));
        StringBuilder out = new StringBuilder();
        for (String line : lines.subList(begin + 1, end)) {
            out.append(line.startsWith(indent) ? line.substring(indent.length()) : line.strip()).append('\n');
        }
        return out.toString();
    }

    private static int marker(List<String> lines, String marker, Path source) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(marker)) {
                return i;
            }
        }
        return fail(source + " has no line \"" + marker + "\"");
    }
}
