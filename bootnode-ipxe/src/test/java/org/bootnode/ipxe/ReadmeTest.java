package org.bootnode.ipxe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.bootnode.testkit.ReadmeSnippets;
import org.junit.jupiter.api.Test;

/** README.md shows the code of {@link ReadmeExample}, which compiles and does what the README says. */
class ReadmeTest {

    @Test
    void theReadmeExampleIsTheCompiledOne() throws IOException {
        ReadmeSnippets.assertQuoted(Path.of("README.md"), Path.of("src/test/java/org/bootnode/ipxe/ReadmeExample.java"));
    }

    @Test
    void theExampleDoesWhatItsCommentsSay() throws IpxeParseException {
        List<Object> results = ReadmeExample.run();
        assertTrue(((String) results.get(1)).contains("chain http://10.0.0.1:8080/nodes/${net0/mac}/boot.ipxe ||"));
        assertEquals(results.get(2), results.get(3));
        assertEquals(List.of(), results.get(4));
    }
}
