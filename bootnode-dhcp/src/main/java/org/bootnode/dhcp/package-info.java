/**
 * The DHCP message, its options and the codec: plain Java, no I/O. {@link org.bootnode.dhcp.DhcpCodec}
 * reads and writes {@link org.bootnode.dhcp.DhcpMessage}; options are read with typed
 * {@link org.bootnode.dhcp.OptionKey}s; bad input is a {@link org.bootnode.dhcp.DhcpDecodeException}.
 */
package org.bootnode.dhcp;
