package org.bootnode.tftp;

import java.io.ByteArrayOutputStream;

/**
 * Netascii (RFC 1350 §1 with RFC 764's line rules): a line ends in CR LF and a bare CR is sent as
 * CR NUL. The host side here is Unix: LF ends a line.
 */
public final class Netascii {
    private Netascii() {}

    /** Host bytes to netascii: LF becomes CR LF, CR becomes CR NUL. */
    public static byte[] encode(byte[] host) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(host.length + host.length / 16 + 16);
        for (byte b : host) {
            if (b == '\n') {
                out.write('\r');
                out.write('\n');
            } else if (b == '\r') {
                out.write('\r');
                out.write(0);
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    /** Netascii to host bytes in one piece. */
    public static byte[] decode(byte[] wire) {
        Decoder d = new Decoder();
        ByteArrayOutputStream out = new ByteArrayOutputStream(wire.length);
        d.decode(wire, 0, wire.length, out);
        d.finish(out);
        return out.toByteArray();
    }

    /**
     * Decodes netascii arriving in blocks: a CR at the end of one block pairs with the first byte
     * of the next.
     */
    public static final class Decoder {
        private boolean pendingCr;

        /** Decodes {@code len} bytes, appending host bytes to {@code out}. */
        public void decode(byte[] in, int off, int len, ByteArrayOutputStream out) {
            for (int i = off; i < off + len; i++) {
                byte b = in[i];
                if (pendingCr) {
                    pendingCr = false;
                    if (b == '\n') {
                        out.write('\n');
                        continue;
                    }
                    out.write('\r');
                    if (b == 0) {
                        continue;
                    }
                }
                if (b == '\r') {
                    pendingCr = true;
                } else {
                    out.write(b);
                }
            }
        }

        /** Ends the stream: a CR left alone at the very end is kept as CR. */
        public void finish(ByteArrayOutputStream out) {
            if (pendingCr) {
                out.write('\r');
                pendingCr = false;
            }
        }
    }
}
