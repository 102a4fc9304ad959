/**
 * bootnode's TFTP: packets and codec (plain Java), a server and a client on Netty.
 */
module org.bootnode.tftp {
    requires io.netty.buffer;
    requires io.netty.common;
    requires io.netty.transport;
    requires io.netty.transport.classes.epoll;
    requires io.netty.transport.unix.common;
    requires org.slf4j;
    requires jdk.management;

    exports org.bootnode.tftp;
    exports org.bootnode.tftp.server;
    exports org.bootnode.tftp.client;
}
