package org.bootnode.server.boot;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.bootnode.dhcp.pxe.DefaultBootPolicy;
import org.bootnode.server.BootServer;
import org.bootnode.server.config.BootConfig;
import org.bootnode.server.config.ConfigReader;

/**
 * A head node that serves arm64 UEFI PXE clients one boot file, started by Arm64IT inside the
 * lab's namespace on the packaged jar's classpath: {@code java -cp bootnode.jar:test-classes
 * org.bootnode.server.boot.Arm64Head CONFIG FILE}. It embeds {@link BootServer} as an embedder
 * would, with bootnode-dhcp's {@link DefaultBootPolicy} naming {@code FILE} (a name in the TFTP
 * root) for client architecture 11. Runs until SIGTERM.
 */
final class Arm64Head {
    private Arm64Head() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: Arm64Head CONFIG ARM64_BOOT_FILE");
            System.exit(2);
        }
        BootConfig config = ConfigReader.read(Path.of(args[0]));
        DefaultBootPolicy policy = DefaultBootPolicy.builder()
                .nextServer(config.server().address())
                .uefiArm64File(args[1])
                .build();
        BootServer server = BootServer.builder().config(config).bootPolicy(policy).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "arm64-head-stop"));
        // The line BootLab.serve waits for, as `bootnode serve` prints it.
        System.out.println("bootnode: ready (arm64 file " + args[1] + ")");
        System.out.flush();
        stopped.await();
    }
}
