package org.bootnode.tftp.readme;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.bootnode.tftp.server.FastPath;
import org.bootnode.tftp.server.FileSource;
import org.bootnode.tftp.server.TftpListener;
import org.bootnode.tftp.server.TftpServer;
import org.bootnode.tftp.server.TftpServerConfig;

/** The embedding example of bootnode-tftp/README.md, compiled here (ReadmeTest checks the README quotes it). */
final class EmbeddingExample {
    private EmbeddingExample() {}

    static TftpServer start(Path root, TftpListener listener) {
        // README example begin
        TftpServer server = TftpServer.builder()
                .bind(new InetSocketAddress("0.0.0.0", 69))        // port 0 picks a free one
                .fileSource(FileSource.directory(root))              // or inMemory(...), generated(...)
                .config(TftpServerConfig.builder()
                        .maxTransfers(16_384).maxTransfersPerClient(16)  // the defaults
                        .maxStall(Duration.ofSeconds(60))            // a silent client's place is freed
                        .build())
                .listener(listener)                                  // started, finished, failed, ignored
                .fastPath(FastPath.on())                             // the default; off() for plain Netty
                .start();                                            // UncheckedIOException if it cannot bind
        // README example end
        return server;
    }
}
