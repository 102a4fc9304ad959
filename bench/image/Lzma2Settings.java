// Compares LZMA2 encoder settings of XZ for Java on slices of a newc archive: compressed size
// and the thread's CPU time per setting, to set against `xz --check=crc32 -T1 ARGS` on the same
// slices (see LOG.md, "Encoder settings"). Run with XZ for Java on the class path, e.g. the fat jar:
//
//   java -cp bootnode-server/target/bootnode.jar bench/image/Lzma2Settings.java ARCHIVE SLICE_MIB \
//        bt4,64,0,normal hc4,48,8,normal bt4,32,12,normal,8
//
// Each setting is MATCHFINDER,NICE,DEPTH,MODE[,DICT_MIB]; depth 0 is automatic. Three slices of
// SLICE_MIB (start, middle, end of the archive) are each compressed as one xz stream.
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tukaani.xz.BasicArrayCache;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZ;
import org.tukaani.xz.XZOutputStream;

public class Lzma2Settings {
    public static void main(String[] a) throws Exception {
        byte[] all = Files.readAllBytes(Path.of(a[0]));
        int slice = Integer.parseInt(a[1]) << 20;
        long[] offs = {0, all.length / 2 - slice / 2, all.length - slice};
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int i = 2; i < a.length; i++) {
            String[] p = a[i].split(",");  // mf,nice,depth,mode  e.g. bt4,64,0,normal
            LZMA2Options o = new LZMA2Options(6);
            o.setMatchFinder(p[0].equals("bt4") ? LZMA2Options.MF_BT4 : LZMA2Options.MF_HC4);
            o.setNiceLen(Integer.parseInt(p[1]));
            o.setDepthLimit(Integer.parseInt(p[2]));
            o.setMode(p[3].equals("fast") ? LZMA2Options.MODE_FAST : LZMA2Options.MODE_NORMAL); if (p.length > 4) o.setDictSize(Integer.parseInt(p[4]) << 20);
            // warm-up once on 2 MiB
            compress(all, 0, 2 << 20, o);
            long t0 = mx.getCurrentThreadCpuTime();
            long size = 0;
            for (long off : offs) size += compress(all, (int) off, slice, o);
            long t1 = mx.getCurrentThreadCpuTime();
            System.out.printf("%-22s size %10d cpu %6.2f s  mem %d KiB%n", a[i], size, (t1 - t0) / 1e9, o.getEncoderMemoryUsage());
        }
    }
    static long compress(byte[] b, int off, int len, LZMA2Options o) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream(len);
        try (XZOutputStream x = new XZOutputStream(bo, o, XZ.CHECK_CRC32, BasicArrayCache.getInstance())) {
            x.write(b, off, len);
        }
        return bo.size();
    }
}
