/**
 * bootnode-dhcp: a DHCPv4 codec and server for PXE and iPXE clients, on Netty.
 * The codec ({@code org.bootnode.dhcp}) is plain Java; the server adds Netty.
 */
module org.bootnode.dhcp {
    requires io.netty.buffer;
    requires io.netty.common;
    requires io.netty.transport;
    requires io.netty.transport.classes.epoll;
    requires io.netty.transport.unix.common;
    requires org.slf4j;

    exports org.bootnode.dhcp;
    exports org.bootnode.dhcp.pxe;
    exports org.bootnode.dhcp.lease;
    exports org.bootnode.dhcp.server;
}
