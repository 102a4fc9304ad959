package org.bootnode.server.cli;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SignalsTest {
    @Test
    void anInheritedIgnoredHangupIsReportedBecauseReloadWouldSilentlyNotHappen() {
        assertTrue(Signals.ignoredWarning("HUP", true).contains("nohup"));
        assertTrue(Signals.ignoredWarning("TERM", true).contains("SIGINT"));
        assertNull(Signals.ignoredWarning("INT", true), "a background job's ignored SIGINT is normal");
        assertNull(Signals.ignoredWarning("HUP", false));
    }
}
