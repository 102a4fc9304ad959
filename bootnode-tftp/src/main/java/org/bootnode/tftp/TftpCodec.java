package org.bootnode.tftp;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads and writes TFTP packets (RFC 1350 §5, RFC 2347 §2). Strings are taken one char per
 * byte (ISO-8859-1), so any byte survives a round trip and the path rules see what came.
 * Stateless and thread-safe; never logs.
 */
public final class TftpCodec {
    /** Bytes before the payload of a DATA packet. */
    public static final int DATA_HEADER_LENGTH = 4;

    private TftpCodec() {}

    /** Decodes a whole datagram. */
    public static TftpPacket decode(byte[] packet) throws TftpProtocolException {
        return decode(ByteBuffer.wrap(packet));
    }

    /**
     * Decodes the bytes from the buffer's position to its limit (the buffer's position is left
     * unchanged).
     */
    public static TftpPacket decode(ByteBuffer buffer) throws TftpProtocolException {
        int length = buffer.remaining();
        if (length < 2) {
            throw new TftpProtocolException(TftpErrorCode.ILLEGAL_OPERATION, "opcode", 0,
                    "packet of " + length + " bytes (expected: at least 2)");
        }
        int code = buffer.getShort(buffer.position()) & 0xFFFF;
        Opcode opcode = Opcode.fromCode(code);
        if (opcode == null) {
            throw new TftpProtocolException(TftpErrorCode.ILLEGAL_OPERATION, "opcode", 0, "unknown opcode " + code);
        }
        if (opcode == Opcode.ACK) {
            // The packet a server reads for every block it sends: read in place, without the
            // slice the other packets are read from (a buffer object per ACK in a storm).
            return decodeAck(buffer, buffer.position(), length);
        }
        ByteBuffer in = buffer.slice();
        return switch (opcode) {
            case RRQ, WRQ -> decodeRequest(opcode, in);
            case DATA -> decodeData(in);
            case ACK -> decodeAck(in, 0, in.limit());
            case ERROR -> decodeError(in);
            case OACK -> new OptionAck(decodeOptions(in, 2));
        };
    }

    private static Request decodeRequest(Opcode opcode, ByteBuffer in) throws TftpProtocolException {
        int nameEnd = nul(in, 2, "filename");
        if (nameEnd == 2) {
            throw new TftpProtocolException(TftpErrorCode.ILLEGAL_OPERATION, "filename", 2, "empty");
        }
        String filename = text(in, 2, nameEnd);
        int modeEnd = nul(in, nameEnd + 1, "mode");
        String modeName = text(in, nameEnd + 1, modeEnd);
        TransferMode mode = TransferMode.parse(modeName).orElseThrow(() -> new TftpProtocolException(
                TftpErrorCode.ILLEGAL_OPERATION, "mode", nameEnd + 1, "unknown mode '" + modeName + "'"));
        return new Request(opcode, filename, mode, decodeOptions(in, modeEnd + 1));
    }

    private static TftpOptions decodeOptions(ByteBuffer in, int from) throws TftpProtocolException {
        TftpOptions.Builder options = TftpOptions.builder();
        int at = from;
        while (at < in.limit()) {
            int nameEnd = nul(in, at, "option name");
            if (nameEnd == at) {
                throw new TftpProtocolException(TftpErrorCode.OPTION_REFUSED, "option name", at, "empty");
            }
            String name = text(in, at, nameEnd);
            int valueEnd = nul(in, nameEnd + 1, "option " + name);
            if (options.has(name)) {
                // RFC 2347 does not allow an option twice: which value would be meant?
                throw new TftpProtocolException(TftpErrorCode.OPTION_REFUSED, "option " + name, at, "given twice");
            }
            options.put(name, text(in, nameEnd + 1, valueEnd));
            at = valueEnd + 1;
        }
        return options.build();
    }

    private static Data decodeData(ByteBuffer in) throws TftpProtocolException {
        if (in.limit() < 4) {
            throw new TftpProtocolException(TftpErrorCode.ILLEGAL_OPERATION, "block", 2,
                    "DATA of " + in.limit() + " bytes (expected: at least 4)");
        }
        if (in.limit() - 4 > TftpOptions.MAX_BLKSIZE) {
            throw new TftpProtocolException(TftpErrorCode.ILLEGAL_OPERATION, "data", 4,
                    (in.limit() - 4) + " bytes (expected: at most " + TftpOptions.MAX_BLKSIZE + ")");
        }
        byte[] payload = new byte[in.limit() - 4];
        in.get(4, payload);
        return Data.wrap(in.getShort(2) & 0xFFFF, payload);
    }

    private static Ack decodeAck(ByteBuffer in, int at, int length) throws TftpProtocolException {
        if (length != 4) {
            throw new TftpProtocolException(TftpErrorCode.ILLEGAL_OPERATION, "block", 2,
                    "ACK of " + length + " bytes (expected: 4)");
        }
        return new Ack(in.getShort(at + 2) & 0xFFFF);
    }

    private static ErrorPacket decodeError(ByteBuffer in) throws TftpProtocolException {
        if (in.limit() < 4) {
            throw new TftpProtocolException(TftpErrorCode.ILLEGAL_OPERATION, "errorcode", 2,
                    "ERROR of " + in.limit() + " bytes (expected: at least 5)");
        }
        int end = nul(in, 4, "errmsg");
        if (end != in.limit() - 1) {
            throw new TftpProtocolException(TftpErrorCode.ILLEGAL_OPERATION, "errmsg", end + 1, "bytes after the message");
        }
        return new ErrorPacket(TftpErrorCode.of(in.getShort(2) & 0xFFFF), text(in, 4, end));
    }

    private static int nul(ByteBuffer in, int from, String field) throws TftpProtocolException {
        for (int i = from; i < in.limit(); i++) {
            if (in.get(i) == 0) {
                return i;
            }
        }
        throw new TftpProtocolException(TftpErrorCode.ILLEGAL_OPERATION, field, from, "no NUL terminator");
    }

    private static String text(ByteBuffer in, int from, int to) {
        byte[] b = new byte[to - from];
        in.get(from, b);
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** Encodes a packet into a fresh array. */
    public static byte[] encode(TftpPacket packet) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        short16(out, packet.opcode().code());
        // Java 17 has no pattern switch: the sealed interface keeps this chain complete.
        if (packet instanceof Request r) {
            string(out, r.filename());
            string(out, r.mode().wireName());
            options(out, r.options());
        } else if (packet instanceof Data d) {
            short16(out, d.block());
            out.writeBytes(d.payloadUnsafe());
        } else if (packet instanceof Ack a) {
            short16(out, a.block());
        } else if (packet instanceof ErrorPacket e) {
            short16(out, e.code().code());
            string(out, e.message());
        } else if (packet instanceof OptionAck o) {
            options(out, o.options());
        }
        return out.toByteArray();
    }

    /** Writes the 4-byte header of a DATA packet at the buffer's position. */
    public static void writeDataHeader(ByteBuffer out, int block) {
        Data.checkBlock(block);
        out.putShort((short) Opcode.DATA.code()).putShort((short) block);
    }

    private static void options(ByteArrayOutputStream out, TftpOptions options) {
        options.asMap().forEach((k, v) -> {
            string(out, k);
            string(out, v);
        });
    }

    private static void short16(ByteArrayOutputStream out, int v) {
        out.write(v >>> 8);
        out.write(v & 0xFF);
    }

    private static void string(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
        out.write(0);
    }
}
