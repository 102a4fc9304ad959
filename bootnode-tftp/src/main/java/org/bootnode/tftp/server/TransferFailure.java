package org.bootnode.tftp.server;

import org.bootnode.tftp.TftpErrorCode;

/**
 * Why a transfer failed.
 *
 * @param kind the class of failure
 * @param errorCode the TFTP error code sent or received, or null
 * @param detail a human-readable account
 */
public record TransferFailure(Kind kind, TftpErrorCode errorCode, String detail) {
    /** Classes of failure. */
    public enum Kind {
        /** The file is missing (ERROR 1 sent). */
        NOT_FOUND,
        /** Refused: outside the root, a directory, writes disabled (ERROR 2 sent). */
        ACCESS_DENIED,
        /** Limits: too many transfers, too large an upload or netascii file (ERROR 0 or 3 sent). */
        LIMIT,
        /** Bad options or an illegal packet (ERROR 4 or 8 sent). */
        PROTOCOL,
        /** The client stopped answering. */
        TIMED_OUT,
        /** The client sent an ERROR. */
        CLIENT_ERROR,
        /** Reading or writing the file failed. */
        IO_ERROR,
        /** The server closed. */
        SHUTDOWN
    }
}
