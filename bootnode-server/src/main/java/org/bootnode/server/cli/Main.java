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

    private Main() {}

    public static void main(String[] args) {
        jvmDefaults(System.getProperties());
        System.exit(BootnodeCommand.run(args));
    }

    /**
     * Settings the executable gives the libraries before any of them is loaded, each only when
     * the command line did not set it ({@code -Dio.netty.jfr.enabled=true} turns Netty's JFR
     * events back on).
     */
    static void jvmDefaults(Properties properties) {
        properties.putIfAbsent(NETTY_JFR, "false");
    }
}
