package org.bootnode.storm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A restart under load, as run.sh notes it ({@code killed=} and {@code started=}, epoch
 * milliseconds: when it SIGKILLed the server and when it started it again) and what the nodes
 * saw of it: milliseconds from the new server's start to its first DHCP and first HTTP answer.
 *
 * @param killedMillis     when the server was killed (epoch ms)
 * @param startedMillis    when the new one was started (epoch ms)
 * @param firstDhcpMillis  from the start to the first DHCP reply the relay got, -1 for none
 * @param firstHttpMillis  from the start to the first HTTP response head, -1 for none
 */
record Restart(long killedMillis, long startedMillis, long firstDhcpMillis, long firstHttpMillis) {
    /** The restart noted in {@code mark} with the answers heard, or null when there is no mark. */
    static Restart read(Path mark, Answers dhcp, Answers http) {
        if (mark == null) {
            return null;
        }
        Properties p = new Properties();
        try (var in = Files.newInputStream(mark)) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("restart mark " + mark + ": " + e.getMessage(), e);
        }
        long killed = millis(p, "killed", mark);
        long started = millis(p, "started", mark);
        return new Restart(killed, started, dhcp.firstAfter(started), http.firstAfter(started));
    }

    private static long millis(Properties p, String key, Path mark) {
        String v = p.getProperty(key);
        if (v == null || !v.strip().matches("\\d{1,15}")) {
            throw new IllegalArgumentException("restart mark " + mark + ": " + key + "=" + v + " (expected: epoch milliseconds)");
        }
        return Long.parseLong(v.strip());
    }
}
