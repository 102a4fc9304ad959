package org.bootnode.server.cli;

import java.util.Properties;

/**
 * The {@code bootnode} executable: the only place that calls {@link System#exit}.
 */
public final class Main {
    /**
     * Netty's JFR events for its buffer allocator. Registering them loads about fifty
     * {@code jdk.jfr} classes on the first buffer chunk a process allocates: measured, the first
     * DHCP answer after {@code serve} started took 224-240 ms with them and 70-96 ms without.
     */
    static final String NETTY_JFR = "io.netty.jfr.enabled";
    /**
     * Netty's buffer leak detector. At its default level it records a stack trace for one
     * buffer in 128, and every received datagram takes a buffer: measured on a lockstep TFTP
     * transfer at 512-byte blocks, 0.7 us of the server's CPU per block (about 4%). A debugging
     * aid: the test suites run with it at {@code paranoid}; {@code
     * -Dio.netty.leakDetection.level=simple} turns it back on.
     */
    static final String NETTY_LEAK_DETECTION = "io.netty.leakDetection.level";

    private Main() {}

    public static void main(String[] args) {
        jvmDefaults(System.getProperties());
        System.exit(BootnodeCommand.run(args));
    }

    /**
     * Settings the executable gives the libraries before any of them is loaded, each only when
     * the command line did not set it ({@code -Dio.netty.jfr.enabled=true} turns Netty's JFR
     * events back on, {@code -Dio.netty.leakDetection.level=simple} its leak detector).
     */
    static void jvmDefaults(Properties properties) {
        properties.putIfAbsent(NETTY_JFR, "false");
        properties.putIfAbsent(NETTY_LEAK_DETECTION, "disabled");
    }
}
