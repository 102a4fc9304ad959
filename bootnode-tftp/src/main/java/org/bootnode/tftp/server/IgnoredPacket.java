package org.bootnode.tftp.server;

/** Why the server dropped a datagram: data for the listener and the debug log. */
public sealed interface IgnoredPacket {
    /** A human-readable account. */
    String detail();

    /** Could not be decoded and deserved no answer (e.g. a malformed ERROR or ACK). */
    record Malformed(String detail) implements IgnoredPacket {}

    /** A packet type that has no place here (e.g. DATA on the request port). */
    record Unexpected(String detail) implements IgnoredPacket {}

    /** From a port other than the transfer's client (answered with ERROR 5). */
    record WrongTid(String detail) implements IgnoredPacket {}

    /** A duplicate or out-of-window ACK or DATA (never answered: RFC 1123 §4.2.3.1). */
    record Stale(String detail) implements IgnoredPacket {}

    /**
     * A request that found every place taken by transfers still within their first round trips,
     * or no file descriptor for its transfer's port (not answered: the client asks again after
     * its timeout, as firmware does, and gets a place once one is free; an ERROR would end a PXE
     * ROM's boot).
     */
    record Busy(String detail) implements IgnoredPacket {}
}
