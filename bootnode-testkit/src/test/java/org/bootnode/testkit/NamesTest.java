package org.bootnode.testkit;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NamesTest {
    @Test
    void namesAreUniqueAndFitAnInterfaceName() {
        String a = Names.unique("abcdef");
        String b = Names.unique("abcdef");
        assertNotEquals(a, b);
        assertTrue(a.length() <= 15, a);
    }

    @Test
    void badPrefixIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Names.unique("Bad-Prefix"));
    }
}
