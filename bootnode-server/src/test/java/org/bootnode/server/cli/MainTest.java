package org.bootnode.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MainTest {
    /** Netty's JFR events and leak detector: off by default, as the command line says when it does. */
    @ParameterizedTest
    @CsvSource({
        Main.NETTY_JFR + ", false, true",
        Main.NETTY_LEAK_DETECTION + ", disabled, paranoid"})
    void aNettyDefaultGivesWayToTheCommandLine(String property, String byDefault, String asked) {
        Properties none = new Properties();
        Main.jvmDefaults(none);
        assertEquals(byDefault, none.getProperty(property));

        Properties set = new Properties();
        set.setProperty(property, asked);
        Main.jvmDefaults(set);
        assertEquals(asked, set.getProperty(property));
    }
}
