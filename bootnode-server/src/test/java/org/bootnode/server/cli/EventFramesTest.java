package org.bootnode.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Server-sent events as the WHATWG standard reads them: fields, comments, multi-line data, the last id. */
class EventFramesTest {
    static List<EventFrames.Frame> read(EventFrames f, String text) {
        List<EventFrames.Frame> out = new ArrayList<>();
        text.lines().forEach(l -> f.line(l).ifPresent(out::add));
        return out;
    }

    @Test
    void framesCommentsAndTheLastId() {
        EventFrames f = new EventFrames();
        List<EventFrames.Frame> got = read(f, """
                : heartbeat

                id: 7
                event: boot
                data: {"stage":"kernel"}

                id:8
                data: line one
                data: line two
                retry: 1000

                event: reset

                data: no id

                """);
        assertEquals(List.of(new EventFrames.Frame("7", "boot", "{\"stage\":\"kernel\"}"),
                new EventFrames.Frame("8", "message", "line one\nline two"),
                new EventFrames.Frame("8", "message", "no id")), got);
        assertEquals(Optional.of("8"), f.lastId());
    }

    @Test
    void anOversizedFrameIsDroppedAndTheStreamGoesOn() {
        EventFrames f = new EventFrames();
        String big = "x".repeat(EventFrames.MAX_DATA / 2 + 1);
        assertEquals(List.of(new EventFrames.Frame("2", "boot", "small")),
                read(f, "id: 1\ndata: " + big + "\ndata: " + big + "\n\nid: 2\nevent: boot\ndata: small\n\n"));
    }
}
