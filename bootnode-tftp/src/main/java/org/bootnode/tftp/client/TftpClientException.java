package org.bootnode.tftp.client;

import java.io.IOException;
import org.bootnode.tftp.TftpErrorCode;

/** A transfer failed: the server sent an ERROR (see {@link #errorCode()}), or it stopped answering. */
public final class TftpClientException extends IOException {
    private final TftpErrorCode errorCode;

    /** A failure; {@code errorCode} is null when the server sent no ERROR. */
    public TftpClientException(TftpErrorCode errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
    }

    /** The server's error code, or null (timeout, protocol violation). */
    public TftpErrorCode errorCode() {
        return errorCode;
    }
}
