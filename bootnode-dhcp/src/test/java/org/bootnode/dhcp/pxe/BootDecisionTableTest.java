package org.bootnode.dhcp.pxe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bootnode.dhcp.ClientPackets;
import org.bootnode.dhcp.DhcpCodec;
import org.bootnode.dhcp.DhcpMessage;
import org.bootnode.dhcp.DhcpOptions;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.dhcp.OptionKey;
import org.bootnode.dhcp.internal.Inet4;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One row per firmware: what the classifier sees and what the default policy boots. */
class BootDecisionTableTest {
    static final Inet4Address NEXT = Inet4.parse("10.0.0.1");
    static final DefaultBootPolicy POLICY = DefaultBootPolicy.builder()
            .nextServer(NEXT)
            .uefiArm64File("ipxe-arm64.efi")
            .uefiIa32File("ipxe-ia32.efi")
            .scriptUrl(mac -> "http://10.0.0.1:8080/boot/" + mac + ".ipxe")
            .httpBootUrl("http://10.0.0.1:8080/tftp/snponly.efi")
            .httpBootUrlArm64("http://10.0.0.1:8080/tftp/snponly-arm64.efi")
            .build();

    static DhcpMessage decode(byte[] b) {
        try {
            return DhcpCodec.decode(b);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The OVMF PXE packet with another option 93 (and option 60's Arch field to match). */
    static DhcpMessage pxeWithArch(int arch) {
        DhcpMessage m = decode(ClientPackets.OVMF_PXE_DISCOVER);
        DhcpOptions o = m.options().toBuilder()
                .put(OptionKey.CLIENT_ARCH, List.of(arch))
                .put(OptionKey.VENDOR_CLASS, String.format("PXEClient:Arch:%05d:UNDI:003000", arch))
                .build();
        return m.toBuilder().options(o).build();
    }

    /** The OVMF HTTP boot packet with another option 93 (and option 60 to match). */
    static DhcpMessage httpWithArch(int arch) {
        DhcpMessage m = decode(ClientPackets.OVMF_HTTP_DISCOVER);
        DhcpOptions o = m.options().toBuilder()
                .put(OptionKey.CLIENT_ARCH, List.of(arch))
                .put(OptionKey.VENDOR_CLASS, String.format("HTTPClient:Arch:%05d:UNDI:003001", arch))
                .build();
        return m.toBuilder().options(o).build();
    }

    static Stream<Arguments> rows() {
        DhcpMessage ovmf = decode(ClientPackets.OVMF_PXE_DISCOVER);
        DhcpMessage ipxe = decode(ClientPackets.IPXE_DISCOVER);
        DhcpMessage noArch = ovmf.toBuilder().options(ovmf.options().toBuilder().remove(OptionKey.CLIENT_ARCH).build()).build();
        DhcpMessage ipxeBy175Only = ipxe.toBuilder().options(ipxe.options().toBuilder().remove(OptionKey.USER_CLASS).build()).build();
        DhcpMessage ipxeByRfc3004 = ipxe.toBuilder().options(ipxe.options().toBuilder().remove(OptionKey.IPXE_ENCAP)
                .putRaw(77, new byte[] {3, 'f', 'o', 'o', 4, 'i', 'P', 'X', 'E'}).build()).build();
        return Stream.of(
                Arguments.of("BIOS PXE", pxeWithArch(0), ClientKind.PXE, 0, "undionly.kpxe", "PXEClient"),
                Arguments.of("UEFI x64 (OVMF, arch 7)", ovmf, ClientKind.PXE, 7, "ipxe.efi", "PXEClient"),
                Arguments.of("UEFI x64 EFI BC (arch 9)", pxeWithArch(9), ClientKind.PXE, 9, "ipxe.efi", "PXEClient"),
                Arguments.of("UEFI arm64 (arch 11)", pxeWithArch(11), ClientKind.PXE, 11, "ipxe-arm64.efi", "PXEClient"),
                Arguments.of("UEFI ia32 (arch 6)", pxeWithArch(6), ClientKind.PXE, 6, "ipxe-ia32.efi", "PXEClient"),
                Arguments.of("UEFI arm32 (arch 10): no file", pxeWithArch(10), ClientKind.PXE, 10, null, null),
                Arguments.of("UEFI arch from option 60 when 93 is missing", noArch, ClientKind.PXE, 7, "ipxe.efi", "PXEClient"),
                Arguments.of("UEFI HTTP (OVMF, arch 16)", decode(ClientPackets.OVMF_HTTP_DISCOVER), ClientKind.HTTP_BOOT, 16,
                        "http://10.0.0.1:8080/tftp/snponly.efi", "HTTPClient"),
                Arguments.of("UEFI HTTP x86 (arch 15)", httpWithArch(15), ClientKind.HTTP_BOOT, 15,
                        "http://10.0.0.1:8080/tftp/snponly.efi", "HTTPClient"),
                Arguments.of("UEFI HTTP arm64 (arch 19)", httpWithArch(19), ClientKind.HTTP_BOOT, 19,
                        "http://10.0.0.1:8080/tftp/snponly-arm64.efi", "HTTPClient"),
                Arguments.of("UEFI HTTP arm32 (arch 18): no file", httpWithArch(18), ClientKind.HTTP_BOOT, 18, null, null),
                Arguments.of("iPXE (qemu ROM)", ipxe, ClientKind.IPXE, 0,
                        "http://10.0.0.1:8080/boot/fc:ab:14:e8:66:01.ipxe", null),
                Arguments.of("iPXE known by option 175 only", ipxeBy175Only, ClientKind.IPXE, 0,
                        "http://10.0.0.1:8080/boot/fc:ab:14:e8:66:01.ipxe", null),
                Arguments.of("iPXE in an RFC 3004 user class list", ipxeByRfc3004, ClientKind.IPXE, 0,
                        "http://10.0.0.1:8080/boot/fc:ab:14:e8:66:01.ipxe", null),
                Arguments.of("Linux udhcpc", decode(ClientPackets.UDHCPC_DISCOVER), ClientKind.DHCP, 0, null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void firmwareGetsItsBootFile(String row, DhcpMessage request, ClientKind kind, int arch, String file, String vendorClass) {
        ClientClass c = ClientClassifier.classify(request);
        assertEquals(kind, c.kind(), row);
        assertEquals(ClientArch.of(arch), c.arch(), row);
        BootDecision d = POLICY.decide(new BootRequest(request.clientMac(), c, Inet4.parse("10.0.0.10"), request));
        assertEquals(file, d.bootFile().orElse(null), row);
        assertEquals(vendorClass, d.vendorClass().orElse(null), row);
        assertEquals(kind == ClientKind.PXE && file != null, d.pxeSkipDiscovery(), row + ": option 43 only for PXE firmware");
        assertEquals(kind == ClientKind.IPXE, d.ipxeNoProxyWait(), row + ": 175.176 only for iPXE");
    }

    static final MacAddress ARM_NODE = MacAddress.parse("fc:ab:14:e8:66:02");

    /** One row per firmware: a node with files of its own gets them; a class it has none for falls back. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void aClientsOwnFilesWinOverTheFilesForEveryone(String row, DhcpMessage request, ClientKind kind, int arch, String file,
                                                    String vendorClass) {
        Map<BootFileClass, String> own = Map.of(BootFileClass.UEFI_ARM64, "node/ipxe-arm64.efi",
                BootFileClass.UEFI_ARM64_HTTP, "http://10.0.0.1:8080/nodes/02/snponly-arm64.efi",
                BootFileClass.BIOS, "node/undionly.kpxe");
        DefaultBootPolicy policy = DefaultBootPolicy.builder().nextServer(NEXT).uefiArm64File("ipxe-arm64.efi")
                .uefiIa32File("ipxe-ia32.efi")
                .scriptUrl(mac -> "http://10.0.0.1:8080/boot/" + mac + ".ipxe")
                .httpBootUrl("http://10.0.0.1:8080/tftp/snponly.efi")
                .httpBootUrlArm64("http://10.0.0.1:8080/tftp/snponly-arm64.efi")
                .perClient(mac -> mac.equals(ARM_NODE) ? own : Map.of())
                .build();
        DhcpMessage fromNode = request.toBuilder().clientMac(ARM_NODE).build();
        ClientClass c = ClientClassifier.classify(fromNode);
        String expected = BootFileClass.of(c).map(own::get).orElse(file);
        if (kind == ClientKind.IPXE) {
            expected = "http://10.0.0.1:8080/boot/" + ARM_NODE + ".ipxe";
        }
        assertEquals(expected, policy.decide(new BootRequest(ARM_NODE, c, NEXT, fromNode)).bootFile().orElse(null), row);
        assertEquals(file, policy.decide(new BootRequest(request.clientMac(), ClientClassifier.classify(request), NEXT, request))
                .bootFile().orElse(null), row + ", another node");
    }

    @Test
    void aDiscoverWithArch11GetsTheArm64File() {
        BootDecision d = POLICY.decide(new BootRequest(ARM_NODE, ClientClassifier.classify(pxeWithArch(11)), NEXT, pxeWithArch(11)));
        assertEquals(BootDecision.pxe(NEXT, "ipxe-arm64.efi"), d);
    }

    @Test
    void fileClassesHaveTheirConfigurationKeys() {
        for (BootFileClass c : BootFileClass.values()) {
            assertEquals(c, BootFileClass.ofKey(c.key()));
        }
        assertEquals("uefi-arm64-http", BootFileClass.UEFI_ARM64_HTTP.key());
        assertEquals("boot file class: arm (expected: bios, uefi-ia32, uefi-x64, uefi-arm64, uefi-x64-http or uefi-arm64-http)",
                assertThrows(IllegalArgumentException.class, () -> BootFileClass.ofKey("arm"))
                        .getMessage());
    }

    @Test
    void iPxeIsNeverHandedIPxeAgain() {
        DhcpMessage ipxe = decode(ClientPackets.IPXE_DISCOVER);
        BootDecision d = POLICY.decide(new BootRequest(ipxe.clientMac(), ClientClassifier.classify(ipxe), NEXT, ipxe));
        String file = d.bootFile().orElseThrow();
        assertTrue(file.endsWith(".ipxe") && !file.endsWith(".kpxe") && !file.endsWith(".efi"), file);
    }

    @Test
    void unknownArchitectureIsKeptAndBootsNothing() {
        ClientClass c = ClientClassifier.classify(pxeWithArch(27));
        assertEquals("riscv(27)", c.arch().toString());
        assertTrue(POLICY.decide(new BootRequest(MacAddress.parse("fc:ab:14:e8:66:01"), c, NEXT, pxeWithArch(27))).isNone());
        assertEquals("unknown(42)", ClientArch.of(42).toString());
    }
}
