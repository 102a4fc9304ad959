package org.bootnode.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bootnode.server.config.BootConfig;
import org.bootnode.server.config.ConfigException;
import org.bootnode.server.config.ConfigReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGHUP's reload and a node change through the API take one lock: a reload that read the files
 * before the change cannot apply that older view after it (which would drop the API's node from
 * what is served until the next reload).
 */
class NodeFilesLockTest {
    @TempDir Path dir;

    @Test
    void aReloadThatReadTheFilesFirstIsNotOverlappedByAnApiChange() throws Exception {
        Files.writeString(dir.resolve("vmlinuz"), "k");
        Files.writeString(dir.resolve("initrd"), "i");
        Path main = dir.resolve("bootnode.yaml");
        Files.writeString(main, """
                server: {address: 127.0.0.1, data-dir: data}
                images:
                  compute: {kernel: vmlinuz, initrd: initrd}
                node-files: nodes.d
                admin: {listen: ["127.0.0.1:0"]}
                """);
        try (BootServer server = BootServer.builder().config(ConfigReader.read(main)).start()) {
            String base = "http://127.0.0.1:" + server.adminAddresses().get(0).getPort();
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            CountDownLatch read = new CountDownLatch(1);
            CompletableFuture<HttpResponse<String>> change = new CompletableFuture<>();
            Thread sighup = new Thread(() -> reload(server, () -> {
                BootConfig before = ConfigReader.read(main); // the files without node-001
                read.countDown();
                try {
                    // The API's change may not finish while this reload holds the lock: give it the chance.
                    change.get(2, TimeUnit.SECONDS);
                } catch (Exception expected) {
                    // it waited for the lock, as it must
                }
                return before;
            }));
            sighup.start();
            assertTrue(read.await(20, TimeUnit.SECONDS));
            client.sendAsync(HttpRequest.newBuilder(URI.create(base + "/api/nodes"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"node-001\",\"mac\":\"fc:ab:14:e8:66:02\",\"image\":\"compute\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                        if (e != null) {
                            change.completeExceptionally(e);
                        } else {
                            change.complete(r);
                        }
                    });
            sighup.join(30_000);
            assertFalse(sighup.isAlive());
            HttpResponse<String> answer = change.get(30, TimeUnit.SECONDS);
            assertEquals(201, answer.statusCode(), answer.body());
            assertTrue(server.inventory().config().nodes().containsKey("node-001"),
                    "the older view of the reload was applied after the API's change");
        }
    }

    private static void reload(BootServer server, BootServer.ConfigSource source) {
        try {
            server.reload(source);
        } catch (ConfigException e) {
            throw new IllegalStateException(e);
        }
    }
}
