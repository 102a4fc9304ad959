package org.bootnode.dhcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.bootnode.dhcp.internal.Inet4;

class DhcpCodecPropertiesTest {

    @Property(tries = 1000)
    void randomBytesDecodeOrFailTyped(@ForAll @Size(max = 700) byte[] bytes) {
        try {
            DhcpCodec.decode(bytes);
        } catch (DhcpDecodeException expected) {
            // typed error: fine
        }
    }

    @Property(tries = 1000)
    void randomOptionAreasDecodeOrFailTyped(@ForAll @Size(max = 400) byte[] options, @ForAll boolean overload) {
        byte[] p = Arrays.copyOf(ClientPackets.UDHCPC_DISCOVER, 240 + options.length);
        System.arraycopy(options, 0, p, 240, options.length);
        try {
            DhcpMessage m = DhcpCodec.decode(p);
            assertEquals(m, DhcpCodec.decode(DhcpCodec.encode(m)));
        } catch (DhcpDecodeException expected) {
            // typed error: fine
        }
    }

    @Property(tries = 1000)
    void randomMessagesRoundTrip(@ForAll("messages") DhcpMessage m) throws DhcpDecodeException {
        assertEquals(m, DhcpCodec.decode(DhcpCodec.encode(m)));
    }

    @Provide
    Arbitrary<DhcpMessage> messages() {
        Arbitrary<Map<Integer, byte[]>> options = Arbitraries.maps(
                Arbitraries.integers().between(1, 254).filter(c -> OptionKey.known(c).isEmpty() || c == 43 || c == 77),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(600)).ofMaxSize(12);
        return Combinators.combine(
                Arbitraries.integers(), Arbitraries.integers().between(0, 0xffff),
                Arbitraries.bytes().array(byte[].class).ofSize(16), Arbitraries.integers().between(0, 16),
                Arbitraries.integers(), options, Arbitraries.integers().between(1, 8),
                Arbitraries.strings().ascii().ofMaxLength(127).filter(s -> s.indexOf('\0') < 0))
                .as((xid, flags, chaddr, hlen, addr, opts, type, file) -> {
                    DhcpOptions.Builder o = DhcpOptions.builder();
                    opts.forEach(o::putRaw);
                    o.put(OptionKey.MESSAGE_TYPE, type);
                    return DhcpMessage.builder()
                            .xid(xid).flags(flags).chaddr(chaddr).hlen(hlen)
                            .ciaddr(Inet4.of(addr)).yiaddr(Inet4.of(~addr)).giaddr(Inet4.of(addr * 31))
                            .bootFile(file).options(o.build()).build();
                });
    }
}
