package org.bootnode.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.FileRegion;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenFileCacheTest {
    static final Duration RECHECK = Duration.ofSeconds(1);
    static final Object CONFIG = new Object();

    @TempDir Path dir;
    Path kernel;
    final AtomicLong now = new AtomicLong(1_000_000_000L);
    OpenFileCache cache;

    @BeforeEach
    void setUp() throws IOException {
        kernel = dir.resolve("vmlinuz");
        Files.writeString(kernel, "old kernel");
        cache = new OpenFileCache(RECHECK, now::get);
    }

    void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    static String read(FileRegion region) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WritableByteChannel sink = Channels.newChannel(out);
        while (region.transferred() < region.count()) {
            region.transferTo(sink, region.transferred());
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aFileOpenedOnceIsSharedByAllItsTransfers() throws IOException {
        OpenFile first = cache.open(kernel, CONFIG);
        OpenFile again = cache.open(kernel, CONFIG);
        OpenFile fromMemory = cache.cached(kernel, CONFIG).orElseThrow();
        assertSame(first, again);
        assertSame(first, fromMemory);
        assertEquals(4, first.references(), "the cache's and three transfers'");
        FileRegion a = first.region(0, first.size());
        FileRegion b = again.region(4, 6);
        assertEquals("old kernel", read(a));
        assertEquals("kernel", read(b));
        a.release();
        b.release();
        fromMemory.release();
        assertEquals(1, first.references());
        assertTrue(first.isOpen(), "still cached");
    }

    @Test
    void memoryAnswersOnlyWithinTwoRecheckPeriodsOfTheFileLastSeen() throws IOException {
        cache.open(kernel, CONFIG).release();
        advance(Duration.ofMillis(1900));
        cache.cached(kernel, CONFIG).orElseThrow().release();
        advance(Duration.ofMillis(200));
        assertTrue(cache.cached(kernel, CONFIG).isEmpty(), "not seen on disk for more than two periods");
        cache.recheck();
        cache.cached(kernel, CONFIG).orElseThrow().release();
    }

    @Test
    void aFileReplacedWhileCachedIsDroppedAtTheRecheckAndItsTransfersFinishFromWhatTheyOpened() throws IOException {
        OpenFile old = cache.open(kernel, CONFIG);
        FileRegion underWay = old.region(0, old.size());
        Path next = dir.resolve("vmlinuz.new");
        Files.writeString(next, "the new kernel");
        Files.move(next, kernel, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        cache.recheck();
        assertTrue(cache.cached(kernel, CONFIG).isEmpty());
        assertEquals(0, cache.size());
        assertTrue(old.isOpen(), "a transfer still reads it");
        assertEquals("old kernel", read(underWay));
        underWay.release();
        assertFalse(old.isOpen(), "closed with its last transfer");

        OpenFile fresh = cache.open(kernel, CONFIG);
        assertNotSame(old, fresh);
        assertEquals("the new kernel", read(fresh.region(0, fresh.size())));
        assertEquals("the new kernel", read(cache.cached(kernel, CONFIG).orElseThrow().region(0, fresh.size())));
        assertFalse(old.etag().equals(fresh.etag()));
    }

    @Test
    void aFileReplacedWhileCachedIsOpenedAnewByTheFileThreadsBeforeAnyRecheck() throws IOException {
        OpenFile old = cache.open(kernel, CONFIG);
        old.release();
        Path next = dir.resolve("vmlinuz.new");
        Files.writeString(next, "the new kernel");
        Files.move(next, kernel, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        OpenFile fresh = cache.open(kernel, CONFIG);
        assertNotSame(old, fresh);
        assertFalse(old.isOpen(), "the cache let go of it, nobody else held it");
        assertSame(fresh, cache.cached(kernel, CONFIG).orElseThrow());
    }

    @Test
    void aFileRewrittenInPlaceIsDropped() throws IOException {
        OpenFile f = cache.open(kernel, CONFIG);
        f.release();
        Files.writeString(kernel, "a longer kernel, same inode");
        cache.recheck();
        assertTrue(cache.cached(kernel, CONFIG).isEmpty());
        assertFalse(f.isOpen());
    }

    @Test
    void aRemovedFileIsDroppedAndNotFoundAfterwards() throws IOException {
        cache.open(kernel, CONFIG).release();
        Files.delete(kernel);
        cache.recheck();
        assertTrue(cache.cached(kernel, CONFIG).isEmpty());
        assertThrows(NoSuchFileException.class, () -> cache.open(kernel, CONFIG));
    }

    @Test
    void aFolderIsNotAFileToSend() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("images"));
        assertThrows(FileNotFoundException.class, () -> cache.open(folder, CONFIG));
        assertEquals(0, cache.size());
    }

    @Test
    void aReloadedConfigurationOpensTheFileAgain() throws IOException {
        OpenFile before = cache.open(kernel, CONFIG);
        before.release();
        Object reloaded = new Object();
        assertTrue(cache.cached(kernel, reloaded).isEmpty());
        OpenFile after = cache.open(kernel, reloaded);
        assertNotSame(before, after);
        assertFalse(before.isOpen());
        assertTrue(cache.cached(kernel, CONFIG).isEmpty());
        assertSame(after, cache.cached(kernel, reloaded).orElseThrow());
    }

    @Test
    void atMostMaxFilesStayOpenLeastRecentlyUsedOut() throws IOException {
        OpenFile first = null;
        for (int i = 0; i <= OpenFileCache.MAX_FILES; i++) {
            Path p = dir.resolve("file-" + i);
            Files.writeString(p, "x");
            OpenFile f = cache.open(p, CONFIG);
            f.release();
            if (i == 0) {
                first = f;
            }
        }
        assertEquals(OpenFileCache.MAX_FILES, cache.size());
        assertFalse(first.isOpen());
    }

    @Test
    void nobodyAskingForIdleClosesEveryFile() throws IOException {
        OpenFile f = cache.open(kernel, CONFIG);
        f.release();
        advance(OpenFileCache.IDLE.plusSeconds(1));
        cache.recheck();
        assertEquals(0, cache.size());
        assertFalse(f.isOpen());
    }

    @Test
    void closeClosesEachFileOnceItsTransfersAreDone() throws IOException {
        OpenFile f = cache.open(kernel, CONFIG);
        cache.close();
        assertTrue(f.isOpen());
        f.release();
        assertFalse(f.isOpen());
        OpenFile after = cache.open(kernel, CONFIG);
        after.release();
        assertFalse(after.isOpen(), "a closed cache keeps nothing");
    }

    @Test
    void aClosedFileCannotBeTakenAgain() throws IOException {
        OpenFile f = cache.open(kernel, CONFIG);
        cache.close();
        f.release();
        assertFalse(f.tryRetain());
        assertThrows(IllegalStateException.class, f::release);
    }
}
