package org.bootnode.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** TftpBridge's log lines carry a file name and an ERROR message from the network. */
class TftpBridgeTest {
    @Test
    void networkTextIsEscapedForOneLogLine() {
        assertEquals("boot\\n... INFO booted FORGED\\x1b[2K\\x7f\\u202e\\\\n",
                TftpBridge.escape("boot\n... INFO booted FORGED\u001b[2K\u007f\u202e\\n"));
        assertEquals("undionly.kpxe", TftpBridge.escape("undionly.kpxe"));
    }
}
