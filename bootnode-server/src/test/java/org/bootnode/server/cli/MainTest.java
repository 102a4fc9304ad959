package org.bootnode.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void nettysJfrEventsAreOffUnlessTheCommandLineAsksForThem() {
        Properties none = new Properties();
        Main.jvmDefaults(none);
        assertEquals("false", none.getProperty(Main.NETTY_JFR));

        Properties asked = new Properties();
        asked.setProperty(Main.NETTY_JFR, "true");
        Main.jvmDefaults(asked);
        assertEquals("true", asked.getProperty(Main.NETTY_JFR));
    }

    @Test
    void nettysLeakDetectorIsOffUnlessTheCommandLineAsksForIt() {
        Properties none = new Properties();
        Main.jvmDefaults(none);
        assertEquals("disabled", none.getProperty(Main.NETTY_LEAK_DETECTION));

        Properties asked = new Properties();
        asked.setProperty(Main.NETTY_LEAK_DETECTION, "paranoid");
        Main.jvmDefaults(asked);
        assertEquals("paranoid", asked.getProperty(Main.NETTY_LEAK_DETECTION));
    }
}
