/**
 * The server: {@link org.bootnode.dhcp.server.DhcpServer} built from a
 * {@link org.bootnode.dhcp.server.DhcpServerConfig}, reporting to a
 * {@link org.bootnode.dhcp.server.DhcpListener}.
 */
package org.bootnode.dhcp.server;
