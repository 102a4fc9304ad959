/**
 * bootnode-server: {@code BootServer} joining the four libraries (DHCP, TFTP, iPXE scripts,
 * images) with HTTP, the YAML configuration, the node inventory and boot timeline, and the CLI.
 * Exported: the server and its SPI, the configuration, the inventory and timeline, the
 * metrics. The HTTP server, the DHCP and TFTP bridges, the default scripts, the transport
 * choice and the CLI are not API.
 */
module org.bootnode.server {
    requires transitive org.bootnode.dhcp;
    requires transitive org.bootnode.tftp;
    requires org.bootnode.ipxe;
    requires org.bootnode.image;
    requires org.bootnode.store.postgres;
    requires io.netty.buffer;
    requires io.netty.codec;
    requires io.netty.codec.http;
    requires io.netty.common;
    requires io.netty.handler;
    requires transitive io.netty.transport;
    requires io.netty.transport.classes.epoll;
    requires info.picocli;
    requires org.snakeyaml.engine.v2;
    requires com.fasterxml.jackson.databind;
    requires com.samskivert.jmustache;
    requires org.slf4j;
    // BatchingConsoleAppender, named in the jar's logback.xml; an embedder may log elsewhere.
    requires static ch.qos.logback.classic;
    requires static ch.qos.logback.core;
    requires java.net.http;     // bootnode status reads /api/nodes
    requires jdk.unsupported;   // sun.misc.Signal: SIGHUP reloads, as the JDK offers no public API for it

    exports org.bootnode.server;
    exports org.bootnode.server.config;
    exports org.bootnode.server.inventory;
    exports org.bootnode.server.metrics;

    // picocli reads and sets the commands' annotated fields by reflection.
    opens org.bootnode.server.cli to info.picocli;
    // Jackson binds the API's request and answer records by reflection.
    opens org.bootnode.server.api to com.fasterxml.jackson.databind;
    // logback's configurator makes the jar's appender (logback.xml) by reflection.
    exports org.bootnode.server.log to ch.qos.logback.core;
}
