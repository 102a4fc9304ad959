package org.bootnode.server.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.bootnode.dhcp.DhcpOptions;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.dhcp.lease.Subnet;
import org.bootnode.dhcp.lease.UnknownClients;
import org.bootnode.dhcp.pxe.BootDecision;
import org.bootnode.dhcp.pxe.BootFileClass;
import org.bootnode.dhcp.pxe.BootRequest;
import org.bootnode.dhcp.pxe.ClientArch;
import org.bootnode.dhcp.pxe.ClientClass;
import org.bootnode.dhcp.pxe.ClientKind;
import org.bootnode.server.BootUrls;
import org.bootnode.server.TestAddresses;
import org.bootnode.server.config.BootConfig;
import org.bootnode.server.config.DhcpSection;
import org.bootnode.server.config.GroupSpec;
import org.bootnode.server.config.ImageSpec;
import org.bootnode.server.config.NodeSpec;
import org.bootnode.server.config.ServerSection;
import org.bootnode.server.config.TftpSection;
import org.bootnode.server.inventory.Inventory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What DHCP tells each kind of firmware, as the server sets up bootnode-dhcp's policy. */
class DhcpBootPolicyTest {
    @TempDir Path dir;

    @ParameterizedTest(name = "{0} arch {1}, snponly.efi present: {2}")
    @CsvSource(delimiter = '|', value = {
        "PXE       | 0  | false | 10.0.0.1 undionly.kpxe",
        "PXE       | 7  | false | 10.0.0.1 ipxe.efi",
        "PXE       | 9  | false | 10.0.0.1 ipxe.efi",
        "PXE       | 7  | true  | 10.0.0.1 snponly.efi",
        "PXE       | 9  | true  | 10.0.0.1 snponly.efi",
        "HTTP_BOOT | 16 | true  | - http://10.0.0.1:8080/tftp/snponly.efi",
        "HTTP_BOOT | 16 | false | - http://10.0.0.1:8080/tftp/ipxe.efi",
        "IPXE      | 0  | true  | 10.0.0.1 http://10.0.0.1:8080/nodes/fc:ab:14:e8:66:01/boot.ipxe",
        "IPXE      | 7  | false | 10.0.0.1 http://10.0.0.1:8080/nodes/fc:ab:14:e8:66:01/boot.ipxe",
        "DHCP      | 0  | true  | none",
    })
    void oneRowPerFirmware(ClientKind kind, int arch, boolean snponly, String expected) throws Exception {
        Path root = Files.createDirectories(dir.resolve("tftp"));
        if (snponly) {
            Files.writeString(root.resolve("snponly.efi"), "snp");
        }
        BootConfig config = BootConfig.builder()
                .server(new ServerSection(TestAddresses.ip("10.0.0.1"), null, dir))
                .dhcp(new DhcpSection(67, Subnet.parse("10.0.0.0/24"), null, List.of(), null,
                        Duration.ofHours(1), UnknownClients.IGNORE, null, false))
                .tftp(new TftpSection(69, root))
                .build();
        var policy = DhcpService.bootPolicy(config, BootUrls.of(TestAddresses.ip("10.0.0.1"), 8080));
        BootDecision d = policy.decide(new BootRequest(MacAddress.parse("fc:ab:14:e8:66:01"),
                new ClientClass(kind, ClientArch.of(arch), ""), TestAddresses.ip("10.0.0.10"), null));
        String actual = d.isNone() ? "none"
                : d.nextServer().map(a -> a.getHostAddress()).orElse("-") + " " + d.bootFile().orElseThrow();
        assertEquals(expected, actual);
    }

    @ParameterizedTest(name = "{0} arch {1} from {2}")
    @CsvSource(delimiter = '|', value = {
        "PXE       | 11 | fc:ab:14:e8:66:01 | 10.0.0.1 group-arm64.efi",
        "PXE       | 11 | fc:ab:14:e8:66:02 | 10.0.0.1 node-arm64.efi",
        "PXE       | 11 | fc:ab:14:e8:66:03 | 10.0.0.1 snponly-arm64.efi",
        "PXE       | 0  | fc:ab:14:e8:66:02 | 10.0.0.1 compute.kpxe",
        "PXE       | 0  | fc:ab:14:e8:66:03 | 10.0.0.1 undionly.kpxe",
        "HTTP_BOOT | 19 | fc:ab:14:e8:66:02 | - http://10.0.0.1:8080/tftp/node-arm64.efi",
        "HTTP_BOOT | 19 | fc:ab:14:e8:66:03 | - http://10.0.0.1:8080/tftp/snponly-arm64.efi",
        "PXE       | 7  | fc:ab:14:e8:66:01 | 10.0.0.1 ipxe.efi",
    })
    void groupAndNodeFilesOverTheServersOwn(ClientKind kind, int arch, String mac, String expected) throws Exception {
        Path root = Files.createDirectories(dir.resolve("tftp"));
        ImageSpec image = new ImageSpec("compute", dir.resolve("k"), dir.resolve("i"), "");
        GroupSpec group = new GroupSpec("arm", "compute", "", DhcpOptions.empty(),
                Map.of(BootFileClass.UEFI_ARM64, "group-arm64.efi", BootFileClass.BIOS, "compute.kpxe"));
        BootConfig config = BootConfig.builder()
                .server(new ServerSection(TestAddresses.ip("10.0.0.1"), null, dir))
                .dhcp(new DhcpSection(67, Subnet.parse("10.0.0.0/24"), null, List.of(), null,
                        Duration.ofHours(1), UnknownClients.IGNORE, null, false))
                .tftp(new TftpSection(69, root))
                .bootFile(BootFileClass.UEFI_ARM64, "snponly-arm64.efi")
                .bootFile(BootFileClass.UEFI_ARM64_HTTP, "snponly-arm64.efi")
                .image(image)
                .group(group)
                .node(new NodeSpec("node-000", MacAddress.parse("fc:ab:14:e8:66:01"), null, "compute", group, "",
                        DhcpOptions.empty(), Map.of()))
                .node(new NodeSpec("node-001", MacAddress.parse("fc:ab:14:e8:66:02"), null, "compute", group, "",
                        DhcpOptions.empty(), Map.of(BootFileClass.UEFI_ARM64, "node-arm64.efi",
                                BootFileClass.UEFI_ARM64_HTTP, "node-arm64.efi")))
                .node(new NodeSpec("node-002", MacAddress.parse("fc:ab:14:e8:66:03"), null, "compute"))
                .build();
        BootUrls urls = BootUrls.of(TestAddresses.ip("10.0.0.1"), 8080);
        Inventory inventory = new Inventory(config);
        var policy = DhcpService.bootPolicy(config, urls, m -> DhcpService.nodeFiles(inventory, m, urls));
        BootDecision d = policy.decide(new BootRequest(MacAddress.parse(mac),
                new ClientClass(kind, ClientArch.of(arch), ""), TestAddresses.ip("10.0.0.10"), null));
        String actual = d.isNone() ? "none"
                : d.nextServer().map(a -> a.getHostAddress()).orElse("-") + " " + d.bootFile().orElseThrow();
        assertEquals(expected, actual);
    }
}
