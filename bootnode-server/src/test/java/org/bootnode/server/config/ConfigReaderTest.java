package org.bootnode.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.dhcp.OptionKey;
import org.bootnode.dhcp.pxe.BootFileClass;
import org.bootnode.server.TestAddresses;
import org.bootnode.dhcp.lease.JournalDamage;
import org.bootnode.tftp.server.TftpServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigReaderTest {
    static Path resource(String name) {
        try {
            return Path.of(ConfigReaderTest.class.getResource("/config/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsTheDesignExample() throws ConfigException {
        Path file = resource("good.yaml");
        BootConfig config = ConfigReader.read(file);
        assertEquals("10.0.0.1", config.server().address().getHostAddress());
        assertEquals(file.getParent().resolve("data"), config.server().dataDir());
        DhcpSection dhcp = config.dhcp().orElseThrow();
        assertEquals(67, dhcp.port());
        assertEquals("10.0.0.0/24", dhcp.subnet().toString());
        assertEquals(Duration.ofHours(12), dhcp.leaseTime());
        assertEquals("10.0.0.100-10.0.0.199", dhcp.pool().toString());
        assertEquals(List.of(TestAddresses.ip("10.0.0.1")), dhcp.dnsServers());
        assertEquals("cluster.local", dhcp.domain());
        assertFalse(dhcp.proxy());
        assertEquals(file.getParent().resolve("tftp"), config.tftp().orElseThrow().root());
        assertEquals(8080, config.http().orElseThrow().port());
        assertEquals(0, config.http().orElseThrow().sendBuffer(), "the kernel autotunes");
        assertEquals(2 * 1024 * 1024, config.http().orElseThrow().unsentLimit());
        assertEquals(List.of("compute", "failsafe"), List.copyOf(config.images().keySet()));
        assertEquals(file.getParent().resolve("images/compute.img"), config.images().get("compute").initrd());
        assertEquals("console=ttyS0", config.images().get("compute").cmdline());
        NodeSpec n1 = config.node(MacAddress.parse("fc:ab:14:e8:66:02")).orElseThrow();
        assertEquals("node-001", n1.name());
        assertEquals("failsafe", n1.image());
        assertEquals("10.0.0.11", n1.ip().getHostAddress());
    }

    @Test
    void readsRacksOptionsGroupsAndNodeOverrides() throws ConfigException {
        BootConfig config = ConfigReader.read(resource("racks.yaml"));
        DhcpSection dhcp = config.dhcp().orElseThrow();
        assertEquals(List.of("dhcp", "rack1", "rack2"), dhcp.allSubnets().stream().map(SubnetSpec::name).toList());
        SubnetSpec rack1 = dhcp.subnets().get(0);
        assertEquals("10.1.0.0/24", rack1.subnet().toString());
        assertEquals(TestAddresses.ip("10.1.0.1"), rack1.router());
        assertEquals(Duration.ofHours(1), rack1.leaseTime());
        assertEquals("10.1.0.100-10.1.0.199", rack1.pool().toString());
        assertEquals(List.of(TestAddresses.ip("10.1.0.1")), rack1.options().get(OptionKey.NTP_SERVERS).orElseThrow());
        assertEquals(List.of(TestAddresses.ip("10.0.0.1")), dhcp.options().get(OptionKey.NTP_SERVERS).orElseThrow());
        assertEquals(List.of("cluster.local", "rack1.cluster"), dhcp.options().get(OptionKey.DOMAIN_SEARCH).orElseThrow());
        assertEquals("http://10.0.0.1/wpad.dat", new String(dhcp.options().raw(252).orElseThrow(), StandardCharsets.US_ASCII));
        assertEquals("snponly-arm64.efi", config.bootFiles().get(BootFileClass.UEFI_ARM64));

        GroupSpec compute = config.groups().get("compute");
        assertEquals("nohz_full=2-63", compute.cmdline());
        NodeSpec n0 = config.nodes().get("node-000");
        assertEquals("compute", n0.image(), "the group's image");
        assertEquals("nohz_full=2-63", n0.kernelArguments());
        assertEquals(9000, n0.dhcpOptions().get(OptionKey.MTU).orElseThrow());
        assertEquals(List.of(TestAddresses.ip("10.0.0.2")), n0.dhcpOptions().get(OptionKey.NTP_SERVERS).orElseThrow());
        assertEquals("compute.kpxe", n0.allBootFiles().get(BootFileClass.BIOS));

        NodeSpec n1 = config.nodes().get("node-001");
        assertEquals("failsafe", n1.image(), "the node's own image over its group's");
        assertEquals("nohz_full=2-63 quiet", n1.kernelArguments(), "the group's arguments, then the node's");
        assertEquals(1500, n1.dhcpOptions().get(OptionKey.MTU).orElseThrow(), "the node's MTU over its group's");
        assertEquals(List.of(TestAddresses.ip("10.0.0.2")), n1.dhcpOptions().get(OptionKey.NTP_SERVERS).orElseThrow());
        assertEquals("010203", HexFormat.of().formatHex(n1.dhcpOptions().raw(224).orElseThrow()));
        assertEquals("node.efi", n1.allBootFiles().get(BootFileClass.UEFI_X64));
        assertEquals("compute.kpxe", n1.allBootFiles().get(BootFileClass.BIOS));

        NodeSpec n2 = config.nodes().get("node-002");
        assertEquals("", n2.kernelArguments());
        assertEquals(0, n2.dhcpOptions().size());
    }

    @Test
    void theSingleSubnetKeysAloneStillMakeOneSubnet() throws ConfigException {
        DhcpSection dhcp = ConfigReader.read(resource("good.yaml")).dhcp().orElseThrow();
        assertEquals(1, dhcp.allSubnets().size());
        assertEquals("10.0.0.0/24", dhcp.allSubnets().get(0).subnet().toString());
        assertTrue(dhcp.subnets().isEmpty());
    }

    @Test
    void missingSectionsMeanNoServer(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, "server:\n  address: 192.168.1.1\n");
        BootConfig config = ConfigReader.read(file);
        assertTrue(config.dhcp().isEmpty());
        assertTrue(config.tftp().isEmpty());
        assertTrue(config.http().isEmpty());
    }

    record Broken(Path file, int line, String fragment) {
        @Override
        public String toString() {
            return file.getFileName().toString();
        }
    }

    static Stream<Broken> brokenFiles() throws IOException {
        Path dir = resource("broken");
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList().stream().map(f -> {
                try {
                    String first = Files.readAllLines(f).get(0);
                    String spec = first.substring("# expect: ".length());
                    int colon = spec.indexOf(": ");
                    return new Broken(f, Integer.parseInt(spec.substring(0, colon)), spec.substring(colon + 2));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    @ParameterizedTest
    @MethodSource("brokenFiles")
    void brokenFileNamesTheLineAndTheProblem(Broken broken) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigReader.read(broken.file()));
        String expectedPrefix = broken.file() + ":" + broken.line() + ": ";
        assertTrue(e.problems().stream().anyMatch(p -> p.toString().startsWith(expectedPrefix)
                        && p.message().contains(broken.fragment())),
                () -> "expected " + expectedPrefix + "..." + broken.fragment() + "\ngot:\n" + e.getMessage());
    }

    @Test
    void readsTheSendBufferAndTheUnsentLimit(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, "server:\n  address: 10.0.0.1\nhttp:\n  send-buffer: 1m\n  unsent-limit: 128k\n");
        HttpSection http = ConfigReader.read(file).http().orElseThrow();
        assertEquals(1024 * 1024, http.sendBuffer());
        assertEquals(128 * 1024, http.unsentLimit());
        Files.writeString(file, "server:\n  address: 10.0.0.1\nhttp:\n  unsent-limit: 0\n");
        assertEquals(0, ConfigReader.read(file).http().orElseThrow().unsentLimit(), "0: no limit");
        assertThrows(IllegalArgumentException.class, () -> HttpSection.builder().unsentLimit(-1).build());
        assertThrows(IllegalArgumentException.class, () -> HttpSection.builder().unsentLimit(64 * 1024 * 1024 + 1).build());
    }

    @Test
    void readsTheBootListenersEventLoops(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, "server:\n  address: 10.0.0.1\nhttp:\n  threads: 4\n");
        assertEquals(4, ConfigReader.read(file).http().orElseThrow().threads());
        assertEquals(4, ConfigReader.read(file).http().orElseThrow().effectiveThreads());
        Files.writeString(file, "server:\n  address: 10.0.0.1\nhttp: {}\n");
        assertEquals(0, ConfigReader.read(file).http().orElseThrow().threads(), "0: the default");
        Files.writeString(file, "server:\n  address: 10.0.0.1\nhttp:\n  threads: 257\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigReader.read(file));
        assertTrue(e.getMessage().contains("c.yaml:4: http.threads: 257 (expected: 0..256, 0 for the default)"), e.getMessage());
        // Half the cores, at least one, at most eight.
        assertEquals(List.of(1, 1, 1, 2, 8, 8), List.of(1, 2, 3, 4, 16, 64).stream().map(HttpSection::defaultThreads).toList());
    }

    @Test
    void everyProblemIsReportedNotJustTheFirst(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, "server:\n  address: 10.0.0.x\nhttp:\n  port: -1\n  colour: blue\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigReader.read(file));
        assertEquals(List.of(2, 4, 5), e.problems().stream().map(ConfigProblem::line).toList(), e.getMessage());
    }

    @Test
    void httpRequestBoundsAreReadAndChecked(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, "server:\n  address: 10.0.0.1\nhttp:\n  header-timeout: 5s\n  max-connections-per-address: 4\n");
        HttpSection http = ConfigReader.read(file).http().orElseThrow();
        assertEquals(Duration.ofSeconds(5), http.headerTimeout());
        assertEquals(4, http.maxConnectionsPerAddress());

        Files.writeString(file, "server:\n  address: 10.0.0.1\nhttp:\n  port: 8080\n");
        HttpSection defaults = ConfigReader.read(file).http().orElseThrow();
        assertEquals(HttpSection.DEFAULT_HEADER_TIMEOUT, defaults.headerTimeout());
        assertEquals(HttpSection.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, defaults.maxConnectionsPerAddress());

        Files.writeString(file, "server:\n  address: 10.0.0.1\nhttp:\n  header-timeout: 0s\n  max-connections-per-address: 0\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigReader.read(file));
        assertEquals(List.of(4, 5), e.problems().stream().map(ConfigProblem::line).toList(), e.getMessage());
        assertTrue(e.getMessage().contains("http.header-timeout") && e.getMessage().contains("http.max-connections-per-address"),
                e.getMessage());
    }

    @Test
    void declineAndJournalDamageSettingsAreReadAndChecked(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.yaml");
        String head = "server:\n  address: 10.0.0.1\ndhcp:\n  subnet: 10.0.0.0/24\n";
        Files.writeString(file, head + "  decline-probation: 30m\n  max-declined: 8\n  journal-damage: refuse\n");
        DhcpSection dhcp = ConfigReader.read(file).dhcp().orElseThrow();
        assertEquals(Duration.ofMinutes(30), dhcp.declineProbation());
        assertEquals(8, dhcp.maxDeclined());
        assertEquals(JournalDamage.REFUSE, dhcp.journalDamage());

        Files.writeString(file, head);
        DhcpSection defaults = ConfigReader.read(file).dhcp().orElseThrow();
        assertEquals(DhcpSection.DEFAULT_DECLINE_PROBATION, defaults.declineProbation());
        assertEquals(DhcpSection.DEFAULT_MAX_DECLINED, defaults.maxDeclined());
        assertEquals(JournalDamage.KEEP_ASIDE, defaults.journalDamage());

        Files.writeString(file, head + "  decline-probation: 2d\n  max-declined: 0\n  journal-damage: truncate\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigReader.read(file));
        assertEquals(List.of(5, 6, 7), e.problems().stream().map(ConfigProblem::line).toList(), e.getMessage());
        assertTrue(e.getMessage().contains("keep-aside or refuse"), e.getMessage());
    }

    @Test
    void tftpBoundsAreReadAndCheckedByTheLibrarysRanges(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.createDirectories(dir.resolve("tftp"));
        String head = "server:\n  address: 10.0.0.1\ntftp:\n  root: tftp\n";
        Files.writeString(file, head + "  max-transfers: 20000\n  max-transfers-per-address: 4\n  max-stall: 30s\n"
                + "  max-transfer-time: 10m\n  max-backoff: 2s\n  packet-cache: 1g\n");
        TftpSection tftp = ConfigReader.read(file).tftp().orElseThrow();
        TftpServerConfig server = tftp.serverConfig();
        assertEquals(20000, server.maxTransfers());
        assertEquals(4, server.maxTransfersPerClient());
        assertEquals(Duration.ofSeconds(30), server.maxStall());
        assertEquals(Duration.ofMinutes(10), server.maxTransferTime());
        assertEquals(Duration.ofSeconds(2), server.maxBackoff());
        assertEquals(1L << 30, server.packetCacheSize());

        Files.writeString(file, head);
        TftpServerConfig defaults = ConfigReader.read(file).tftp().orElseThrow().serverConfig();
        assertEquals(TftpServerConfig.defaults().maxTransfers(), defaults.maxTransfers());
        assertEquals(TftpServerConfig.defaults().maxStall(), defaults.maxStall());
        assertEquals(64L << 20, defaults.packetCacheSize());

        Files.writeString(file, head + "  max-transfers: 0\n  max-transfers-per-address: many\n  max-stall: 2d\n"
                + "  max-transfer-time: 0s\n  max-backoff: 300s\n  packet-cache: 1m\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigReader.read(file));
        assertEquals(List.of(5, 6, 7, 8, 9, 10), e.problems().stream().map(ConfigProblem::line).toList(), e.getMessage());
        assertTrue(e.getMessage().contains("tftp.max-transfers: 0 (expected: 1..100000)"), e.getMessage());
        assertTrue(e.getMessage().contains("tftp.packet-cache"), e.getMessage());
    }

    @Test
    void dhcpTakesNoAnyFreePort(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, "server:\n  address: 10.0.0.1\ndhcp:\n  subnet: 10.0.0.0/24\n  port: 0\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigReader.read(file));
        assertEquals(List.of(5), e.problems().stream().map(ConfigProblem::line).toList(), e.getMessage());
        assertTrue(e.getMessage().contains("dhcp.port: 0 (expected: 1..65535"), e.getMessage());
    }

    @Test
    void sizes() {
        assertEquals(524288, ConfigReader.bytes("512k"));
        assertEquals(1048576, ConfigReader.bytes("1M"));
        assertEquals(0, ConfigReader.bytes("0"));
        for (String bad : List.of("65m", "1g", "-1", "1.5m", "k", "")) {
            assertThrows(IllegalArgumentException.class, () -> ConfigReader.bytes(bad), bad);
        }
    }

    @Test
    void durations() {
        assertEquals(Duration.ofHours(12), ConfigReader.duration("12h"));
        assertEquals(Duration.ofMinutes(90), ConfigReader.duration("1h30m"));
        assertEquals(Duration.ofSeconds(45), ConfigReader.duration("45"));
        assertEquals(Duration.ofDays(2), ConfigReader.duration("2d"));
        for (String bad : List.of("12x", "h", "12 h", "-5s", "0s", "1.5h", "12hh", "")) {
            assertThrows(IllegalArgumentException.class, () -> ConfigReader.duration(bad), bad);
        }
    }
}
