package org.bootnode.store.postgres;

import java.io.IOException;
import java.nio.file.Path;
import org.bootnode.testkit.ReadmeSnippets;
import org.junit.jupiter.api.Test;

/** README.md shows the code of {@link ReadmeExample} (which PostgresLeaseStoreIT runs against a database). */
class ReadmeTest {
    @Test
    void theReadmeExampleIsTheCompiledOne() throws IOException {
        ReadmeSnippets.assertQuoted(Path.of("README.md"),
                Path.of("src/test/java/org/bootnode/store/postgres/ReadmeExample.java"));
    }
}
