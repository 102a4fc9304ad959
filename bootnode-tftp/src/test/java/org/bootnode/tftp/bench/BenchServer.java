package org.bootnode.tftp.bench;

import io.netty.channel.epoll.Epoll;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.bootnode.tftp.server.FileSource;
import org.bootnode.tftp.server.TftpServer;
import org.bootnode.tftp.server.TftpServerConfig;

/**
 * Runs the server for bench/tftp/run.sh: {@code BenchServer ROOT PORT}; prints "ready PORT
 * transport epoll" (or "nio" and why epoll did not load: the bench must say what it measured) and
 * serves until standard input closes.
 */
public final class BenchServer {
    private BenchServer() {}

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        try (TftpServer server = TftpServer.builder()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                .fileSource(FileSource.directory(root))
                .config(TftpServerConfig.builder().maxTransfers(1024).maxTransfersPerClient(256).build())
                .start()) {
            String transport = Epoll.isAvailable() ? "epoll" : "nio (" + Epoll.unavailabilityCause() + ")";
            System.out.println("ready " + server.port() + " transport " + transport);
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve until stdin closes
            }
        }
    }
}
