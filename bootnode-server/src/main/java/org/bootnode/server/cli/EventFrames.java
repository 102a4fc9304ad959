package org.bootnode.server.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads server-sent events line by line (WHATWG HTML §9.2.6): {@code id:}, {@code event:},
 * {@code data:} (several joined by newlines), comment lines starting with {@code :} ignored, a
 * blank line ends a frame. Plain Java, no I/O, so the parsing is tested on its own.
 */
final class EventFrames {
    /** The most data one frame may collect: a frame over it is dropped, the stream goes on. */
    static final int MAX_DATA = 1 << 20;

    /** One event: its id (or null), its type ({@code message} when none was given) and its data. */
    record Frame(String id, String event, String data) {}

    private String id;
    private String event;
    private final List<String> data = new ArrayList<>();
    private int size;
    private String lastId;

    /** Feeds one line (without its end); returns the frame it completes, if any. */
    Optional<Frame> line(String line) {
        if (line.isEmpty()) {
            if (id != null) {
                lastId = id;
            }
            Optional<Frame> frame = data.isEmpty() || size > MAX_DATA ? Optional.empty()
                    : Optional.of(new Frame(id != null ? id : lastId, event == null ? "message" : event, String.join("\n", data)));
            id = null;
            event = null;
            data.clear();
            size = 0;
            return frame;
        }
        if (line.startsWith(":")) {
            return Optional.empty();
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "id" -> id = value;
            case "event" -> event = value;
            case "data" -> {
                size += value.length();
                if (size <= MAX_DATA) {
                    data.add(value);
                }
            }
            default -> { } // retry and unknown fields: nothing to do here
        }
        return Optional.empty();
    }

    /** The id of the last frame seen: what {@code Last-Event-ID} resumes from. */
    Optional<String> lastId() {
        return Optional.ofNullable(lastId);
    }
}
