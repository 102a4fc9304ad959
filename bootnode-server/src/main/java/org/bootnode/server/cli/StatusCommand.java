package org.bootnode.server.cli;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bootnode.server.log.LogText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bootnode status [--watch]}: the boot timeline of each node, from {@code GET /api/nodes};
 * with {@code --watch}, then every boot step and node change as it happens, from the event
 * stream ({@code GET /api/events}), until interrupted. A stream the server closes (a restart, a
 * watcher that fell behind) is resumed with {@code Last-Event-ID}, at most
 * {@value #MAX_RETRIES} times in a row without a frame in between.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the boot timeline of each node (from the admin API); --watch follows boots live.")
final class StatusCommand extends ApiCommand {
    static final int MAX_RETRIES = 10;

    @Option(names = "--watch", description = "After the table, print each boot step and node change as it happens.")
    boolean watch;

    @Override
    void run(ApiClient client) throws ApiClient.Failure {
        ApiClient.Answer a = client.get("/api/nodes");
        if (api.json) {
            printJson(a);
        } else {
            out().print(StatusTable.format(a.json(), ZoneId.systemDefault()));
        }
        out().flush();
        if (watch) {
            watch(client);
        }
    }

    private void watch(ApiClient client) throws ApiClient.Failure {
        EventFrames frames = new EventFrames();
        DateTimeFormatter clock = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
        int failures = 0;
        while (true) {
            HttpRequest.Builder request = client.request("/api/events").header("Accept", "text/event-stream").GET();
            frames.lastId().ifPresent(id -> request.header("Last-Event-ID", id));
            HttpResponse<Stream<String>> r = client.lines(request.build());
            boolean progressed = false;
            if (r.statusCode() != 200) {
                String body;
                try (Stream<String> lines = r.body()) {
                    body = String.join("\n", lines.limit(100).toList());
                }
                ApiClient.ok("GET", "/api/events", new ApiClient.Answer(r.statusCode(), r.headers().map(), body));
            }
            try (Stream<String> lines = r.body()) {
                Iterator<String> it = lines.iterator();
                while (it.hasNext()) {
                    Optional<EventFrames.Frame> frame = frames.line(it.next());
                    if (frame.isPresent()) {
                        progressed = true;
                        print(frame.get(), clock);
                    }
                }
            } catch (RuntimeException e) {
                // The connection broke mid-stream (UncheckedIOException from the line reader): resume.
            }
            failures = progressed ? 0 : failures + 1;
            if (failures >= MAX_RETRIES) {
                throw new ApiClient.Failure("the event stream closed " + MAX_RETRIES + " times in a row without an event");
            }
            try {
                TimeUnit.MILLISECONDS.sleep(Math.min(5000, 250L << Math.min(failures, 5)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void print(EventFrames.Frame frame, DateTimeFormatter clock) {
        if (api.json) {
            out().println(frame.data());
            out().flush();
            return;
        }
        Object doc;
        try {
            doc = ApiClient.parse(frame.data());
        } catch (IOException e) {
            return;
        }
        if (!(doc instanceof Map<?, ?> d)) {
            return;
        }
        String line = switch (frame.event()) {
            case "boot" -> time(d.get("time"), clock) + "  " + d.get("node") + "  " + d.get("mac") + "  " + d.get("stage")
                    + (d.get("bytes") instanceof Number b && b.longValue() > 0 ? "  " + b + " B" : "")
                    + (d.get("detail") instanceof String s && !s.isEmpty() ? "  " + s : "");
            case "node" -> clock.format(Instant.now()) + "  node " + d.get("action") + "  "
                    + (d.get("node") instanceof Map<?, ?> n ? n.get("name") + " " + n.get("mac") : "");
            case "reset" -> clock.format(Instant.now()) + "  (events were missed: run bootnode status for the whole picture)";
            default -> null;
        };
        if (line != null) {
            out().println(LogText.escape(line));
            out().flush();
        }
    }

    private static String time(Object iso, DateTimeFormatter clock) {
        try {
            return clock.format(Instant.parse(String.valueOf(iso)));
        } catch (RuntimeException e) {
            return String.valueOf(iso);
        }
    }
}
