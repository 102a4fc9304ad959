package org.bootnode.server.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.bootnode.tftp.server.FastPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code -Dbootnode.poll.micros}: what it sets, and what it refuses. */
class TransportsTest {
    @ParameterizedTest
    @CsvSource({"0, 0", "250, 250000", "' 10000 ', 10000000"})
    void pollingInMicroseconds(String micros, long nanos) {
        assertEquals(Duration.ofNanos(nanos), Transports.fastPath(micros).polling());
    }

    @Test
    void unsetIsTheDefault() {
        assertEquals(FastPath.on(), Transports.fastPath(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "-1", "10001", "100us", "99999999999999999"})
    void badValuesAreRefusedByName(String micros) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Transports.fastPath(micros));
        assertEquals("bootnode.poll.micros: " + micros + " (expected: 0..10000 microseconds)", e.getMessage());
    }
}
