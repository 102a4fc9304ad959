package org.bootnode.server.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The native epoll libraries a head node needs, one per architecture the jar runs on, and the
 * ELF machine each must be built for: a library named for aarch64 but built for x86-64 would
 * load on neither. Shared by the classpath test and the packaged jar's test.
 */
final class NativeEpollLibraries {
    /** Resource name, then the ELF header's e_machine (elf.h: EM_X86_64 62, EM_AARCH64 183). */
    static final Map<String, Integer> EXPECTED = Map.of(
            "META-INF/native/libnetty_transport_native_epoll_x86_64.so", 62,
            "META-INF/native/libnetty_transport_native_epoll_aarch_64.so", 183);

    private NativeEpollLibraries() {}

    /**
     * Checks that {@code in} (null when the resource is missing) is a 64-bit little-endian ELF
     * shared object for {@code machine}.
     *
     * <pre>
     * offset 0  7f 'E' 'L' 'F'   magic
     *        4  02               ELFCLASS64
     *        5  01               ELFDATA2LSB
     *       16  u16 e_type       3 = ET_DYN (shared object)
     *       18  u16 e_machine
     * </pre>
     */
    static void check(String name, InputStream in, int machine) throws IOException {
        assertNotNull(in, name + ": missing");
        try (in) {
            byte[] h = in.readNBytes(20);
            assertEquals(20, h.length, name + ": shorter than an ELF header");
            assertTrue(h[0] == 0x7f && h[1] == 'E' && h[2] == 'L' && h[3] == 'F', name + ": not ELF");
            assertEquals(2, h[4], name + ": not ELFCLASS64");
            assertEquals(1, h[5], name + ": not little-endian");
            assertEquals(3, u16(h, 16), name + ": not a shared object");
            assertEquals(machine, u16(h, 18), name + ": e_machine");
        }
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }
}
