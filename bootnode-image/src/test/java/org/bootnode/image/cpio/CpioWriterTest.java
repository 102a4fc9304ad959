package org.bootnode.image.cpio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CpioWriterTest {
    /** One file "a" holding "hi", then the trailer; every header field spelled out. */
    static final String GOLDEN =
            "070701"      // magic
            + "00000001"  // ino
            + "000081a4"  // mode 0100644
            + "000003e8"  // uid 1000
            + "00000064"  // gid 100
            + "00000001"  // nlink
            + "5f5e1000"  // mtime
            + "00000002"  // filesize
            + "00000000" + "00000000"  // devmajor, devminor
            + "00000000" + "00000000"  // rdevmajor, rdevminor
            + "00000002"  // namesize: "a" + NUL
            + "00000000"  // check
            + "a\0"       // 110 + 2 = 112: already a multiple of 4
            + "hi\0\0"    // data, padded to 4
            + "070701" + "00000000" + "00000000" + "00000000" + "00000000" + "00000001" + "00000000"
            + "00000000" + "00000000" + "00000000" + "00000000" + "00000000" + "0000000b" + "00000000"
            + "TRAILER!!!\0" + "\0\0\0"; // 110 + 11 = 121, padded to 124

    static CpioEntry golden() {
        return CpioEntry.builder("a", CpioFileType.REGULAR).permissions(0644).uid(1000).gid(100)
                .mtime(0x5f5e1000L).ino(1).size(2).build();
    }

    @Test
    void writesTheGoldenArchive() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CpioWriter w = new CpioWriter(out)) {
            w.write(golden(), "hi".getBytes(StandardCharsets.US_ASCII));
        }
        assertEquals(GOLDEN, out.toString(StandardCharsets.ISO_8859_1));
        assertEquals(0, out.size() % 4);
    }

    @Test
    void readsTheGoldenArchive() throws IOException {
        CpioReader r = new CpioReader(new ByteArrayInputStream(GOLDEN.getBytes(StandardCharsets.ISO_8859_1)));
        CpioEntry e = r.next();
        assertEquals(golden(), e);
        assertArrayEquals("hi".getBytes(StandardCharsets.US_ASCII), r.data().readAllBytes());
        assertNull(r.next());
        assertEquals(GOLDEN.length(), r.bytesRead());
    }

    @Test
    void everyEntryKindRoundTrips() throws IOException {
        List<CpioEntry> entries = List.of(
                CpioEntry.builder("dir", CpioFileType.DIRECTORY).permissions(0755).ino(1).build(),
                CpioEntry.builder("dir/file", CpioFileType.REGULAR).permissions(0600).ino(2).size(5).build(),
                CpioEntry.builder("dir/link", CpioFileType.SYMLINK).permissions(0777).ino(3).size(4).build(),
                CpioEntry.builder("dev/console", CpioFileType.CHARACTER_DEVICE).permissions(0600).rdev(5, 1).ino(4).build(),
                CpioEntry.builder("dev/sda", CpioFileType.BLOCK_DEVICE).permissions(0660).rdev(8, 0).ino(5).build(),
                CpioEntry.builder("run/fifo", CpioFileType.FIFO).permissions(0644).ino(6).build(),
                CpioEntry.builder("run/sock", CpioFileType.SOCKET).permissions(0755).ino(7).build(),
                CpioEntry.builder("h1", CpioFileType.REGULAR).nlink(2).ino(8).build(),
                CpioEntry.builder("h2", CpioFileType.REGULAR).nlink(2).ino(8).size(3).build(),
                CpioEntry.builder("ünïcode name", CpioFileType.REGULAR).ino(9).mtime(CpioEntry.MAX_FIELD).build());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CpioWriter w = new CpioWriter(out)) {
            for (CpioEntry e : entries) {
                if (e.type() == CpioFileType.SYMLINK) {
                    w.writeSymlink(e, "file");
                } else if (e.size() > 0) {
                    w.write(e, new ByteArrayInputStream(new byte[(int) e.size()]));
                } else {
                    w.write(e);
                }
            }
        }
        List<CpioEntry> read = new ArrayList<>();
        CpioReader r = new CpioReader(new ByteArrayInputStream(out.toByteArray()));
        for (CpioEntry e = r.next(); e != null; e = r.next()) {
            read.add(e);
            if (e.type() == CpioFileType.SYMLINK) {
                assertEquals("file", new String(r.data().readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertEquals(entries, read);
    }

    @Test
    void aSourceShorterThanItsHeaderIsAnError() {
        CpioWriter w = new CpioWriter(new ByteArrayOutputStream());
        CpioEntry e = CpioEntry.builder("f", CpioFileType.REGULAR).size(10).build();
        var ex = assertThrows(CpioWriter.SizeMismatchException.class, () -> w.write(e, new ByteArrayInputStream(new byte[4])));
        assertTrue(ex.getMessage().contains("f: size changed"), ex.getMessage());
    }

    @Test
    void aSourceLongerThanItsHeaderIsAnError() {
        CpioWriter w = new CpioWriter(new ByteArrayOutputStream());
        CpioEntry e = CpioEntry.builder("f", CpioFileType.REGULAR).size(3).build();
        assertThrows(CpioWriter.SizeMismatchException.class, () -> w.write(e, new ByteArrayInputStream(new byte[4])));
    }

    @Test
    void fieldsThatNewcCannotHoldAreRefused() {
        var ex = assertThrows(IllegalArgumentException.class,
                () -> CpioEntry.builder("f", CpioFileType.REGULAR).size(CpioEntry.MAX_FIELD + 1).build());
        assertEquals("filesize: 4294967296 (expected: 0..4294967295)", ex.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> CpioEntry.builder("d", CpioFileType.DIRECTORY).size(1).build());
        CpioWriter w = new CpioWriter(new ByteArrayOutputStream());
        assertThrows(IllegalArgumentException.class,
                () -> w.write(CpioEntry.builder("x".repeat(4096), CpioFileType.DIRECTORY).build()));
        assertThrows(IllegalArgumentException.class,
                () -> w.write(CpioEntry.builder(CpioEntry.TRAILER, CpioFileType.REGULAR).build()));
    }
}
