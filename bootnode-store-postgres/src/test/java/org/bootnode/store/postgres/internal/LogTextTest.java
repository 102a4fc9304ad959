package org.bootnode.store.postgres.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LogTextTest {
    @Test
    void controlCharactersAndEscapesCannotForgeALogLine() {
        assertEquals("node\\u000a[main] INFO forged\\u001b[31m\\\\u0041\\u00e9",
                LogText.escape("node\n[main] INFO forged\u001b[31m\\u0041\u00e9"));
        assertEquals("null", LogText.escape(null));
    }
}
