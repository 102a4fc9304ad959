package org.bootnode.tftp.server.internal;

import java.time.Duration;
import java.util.OptionalLong;
import org.bootnode.tftp.TftpErrorCode;
import org.bootnode.tftp.TftpOptions;
import org.bootnode.tftp.TftpProtocolException;
import org.bootnode.tftp.server.TftpServerConfig;

/**
 * Option negotiation as a pure function (RFC 2347, 2348, 2349, 7440): what the OACK says and
 * what the transfer uses. The OACK lists only options the client asked for and the server
 * accepts, in the client's order; unknown options are left out.
 *
 * @param oack the options to acknowledge (empty: no OACK, DATA 1 or ACK 0 comes first)
 * @param blockSize block size in use
 * @param windowSize window in use
 * @param timeoutNanos retransmission timeout in use
 * @param tsize the size announced by a WRQ, or -1
 */
public record Negotiation(TftpOptions oack, int blockSize, int windowSize, long timeoutNanos, long tsize) {

    /**
     * Negotiates.
     *
     * @param requested the client's options, already filtered by the option policy
     * @param fileSize the size of the file to read, or -1 for a write request
     * @throws TftpProtocolException ERROR 8 for values that are not numbers or cannot be honoured,
     *         ERROR 3 for a write larger than the upload limit
     */
    public static Negotiation negotiate(TftpOptions requested, long fileSize, TftpServerConfig config)
            throws TftpProtocolException {
        TftpOptions.Builder oack = TftpOptions.builder();
        int blockSize = TftpOptions.DEFAULT_BLKSIZE;
        int windowSize = 1;
        long timeoutNanos = config.timeout().toNanos();
        long tsize = -1;
        for (String name : requested.names()) {
            switch (name) {
                case TftpOptions.BLKSIZE -> {
                    long v = requested.number(name, 0, Long.MAX_VALUE).getAsLong();
                    if (v < TftpOptions.MIN_BLKSIZE) {
                        throw new TftpProtocolException(TftpErrorCode.OPTION_REFUSED, "option blksize", -1,
                                v + " (expected: 8..65464)");
                    }
                    // RFC 2348: the server may answer with a smaller block size than asked.
                    blockSize = (int) Math.min(v, config.maxBlockSize());
                    oack.put(name, blockSize);
                }
                case TftpOptions.WINDOWSIZE -> {
                    long v = requested.number(name, 0, Long.MAX_VALUE).getAsLong();
                    if (v < 1) {
                        throw new TftpProtocolException(TftpErrorCode.OPTION_REFUSED, "option windowsize", -1,
                                v + " (expected: 1..65535)");
                    }
                    windowSize = (int) Math.min(v, config.maxWindowSize());
                    oack.put(name, windowSize);
                }
                case TftpOptions.TIMEOUT -> {
                    long v = requested.number(name, 0, Long.MAX_VALUE).getAsLong();
                    // RFC 2349: 1..255 seconds; anything else is simply not acknowledged.
                    if (v >= 1 && v <= 255) {
                        timeoutNanos = Duration.ofSeconds(v).toNanos();
                        oack.put(name, v);
                    }
                }
                case TftpOptions.TSIZE -> {
                    OptionalLong v = requested.number(name, 0, Long.MAX_VALUE);
                    if (fileSize >= 0) {
                        oack.put(name, fileSize);
                    } else {
                        tsize = v.getAsLong();
                        if (tsize > config.maxUploadSize()) {
                            throw new TftpProtocolException(TftpErrorCode.DISK_FULL, "option tsize", -1,
                                    tsize + " bytes (expected: at most " + config.maxUploadSize() + ")");
                        }
                        oack.put(name, tsize);
                    }
                }
                default -> {
                    // RFC 2347: options the server does not know are left out of the OACK.
                }
            }
        }
        return new Negotiation(oack.build(), blockSize, windowSize, timeoutNanos, tsize);
    }
}
