package org.bootnode.storm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestartTest {
    @TempDir Path tmp;

    @Test
    void theFirstAnswerAfterTheStartIsMeasuredFromTheStart() throws Exception {
        Answers dhcp = new Answers(4);
        long before = System.currentTimeMillis();
        dhcp.heard();
        Answers http = new Answers(4);
        Path mark = tmp.resolve("mark");
        Files.writeString(mark, "killed=" + (before - 500) + "\nstarted=" + (before - 200) + "\n");
        Restart r = Restart.read(mark, dhcp, http);
        assertEquals(before - 500, r.killedMillis());
        long first = r.firstDhcpMillis();
        assertTrue(first >= 200 && first < 200 + 5_000, "ms from the start: " + first);
        assertEquals(-1, r.firstHttpMillis(), "no HTTP answer heard");
        Files.writeString(mark, "killed=" + before + "\nstarted=" + (System.currentTimeMillis() + 60_000) + "\n");
        assertEquals(-1, Restart.read(mark, dhcp, http).firstDhcpMillis(), "an answer before the start does not count");
        assertNull(Restart.read(null, dhcp, http));
    }

    @Test
    void answersPastTheBoundAreCountedNotKept() {
        Answers a = new Answers(2);
        for (int i = 0; i < 5; i++) {
            a.heard();
        }
        assertEquals(5, a.heardCount());
        assertEquals(3, a.leftOut());
    }

    @Test
    void aMarkWithoutItsTimesIsAClearError() throws Exception {
        Path mark = tmp.resolve("mark");
        Files.writeString(mark, "killed=soon\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Restart.read(mark, new Answers(1), new Answers(1)));
        assertTrue(e.getMessage().contains("killed=soon"), e.getMessage());
    }
}
