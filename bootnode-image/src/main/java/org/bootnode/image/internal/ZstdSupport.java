package org.bootnode.image.internal;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import com.github.luben.zstd.util.Native;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * zstd through zstd-jni, which is optional: only this class names it, and a missing jar or
 * native library becomes one clear message.
 */
public final class ZstdSupport {
    private ZstdSupport() {}

    /** Explains why zstd is not available, or returns null when it is. */
    public static String unavailableReason() {
        try {
            Class.forName("com.github.luben.zstd.ZstdOutputStreamNoFinalizer");
            Native.load();
            return null;
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            return "zstd needs zstd-jni (com.github.luben:zstd-jni) on the class path";
        } catch (UnsatisfiedLinkError | ExceptionInInitializerError e) {
            return "zstd: the zstd-jni native library cannot be loaded here: " + e.getMessage();
        }
    }

    static OutputStream compressor(OutputStream out, int level) throws IOException {
        requireAvailable();
        ZstdOutputStreamNoFinalizer z = new ZstdOutputStreamNoFinalizer(out);
        z.setLevel(level);
        z.setChecksum(true);
        return z;
    }

    /** A decompressing stream over exactly one zstd frame. */
    public static InputStream decompressor(InputStream in) throws IOException {
        requireAvailable();
        return new ZstdInputStreamNoFinalizer(in);
    }

    private static void requireAvailable() throws IOException {
        String reason = unavailableReason();
        if (reason != null) {
            throw new IOException(reason);
        }
    }
}
