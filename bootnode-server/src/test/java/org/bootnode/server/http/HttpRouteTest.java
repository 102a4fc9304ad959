package org.bootnode.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bootnode.dhcp.MacAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpRouteTest {
    static final MacAddress MAC = MacAddress.parse("fc:ab:14:e8:66:01");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "/boot/fc:ab:14:e8:66:01.ipxe           | script",
        "/boot/FC-AB-14-E8-66-01.ipxe           | script",
        "/boot/fc%3aab%3a14%3ae8%3a66%3a01.ipxe | script",
        "/boot/fc:ab:14:e8:66:01.ipxe?x=1       | script",
        "/boot/fc:ab:14:e8:66.ipxe              | none",
        "/boot/.ipxe                            | none",
        "/boot.ipxe                             | generic",
        "/images/compute/kernel                 | kernel compute",
        "/images/compute/initrd                 | initrd compute",
        "/images/compute/initrd/                | none",
        "/images/../kernel                      | none",
        "/images/compute/vmlinuz                | none",
        "/tftp/undionly.kpxe                    | tftp undionly.kpxe",
        "/tftp/%2e%2e/x                         | tftp %2e%2e/x",
        "/api/nodes                             | nodes",
        "/api/nodes/fc-ab-14-e8-66-01/booted    | booted",
        "/api/nodes/zz/booted                   | none",
        "/metrics                               | metrics",
        "http://10.0.0.1:8080/metrics           | metrics",
        "HTTP://10.0.0.1:8080/tftp/a.efi        | tftp a.efi",
        "http://10.0.0.1:8080                   | none",
        "/                                      | none",
        "*                                      | none",
    })
    void table(String uri, String expected) {
        HttpRoute route = HttpRoute.of(uri);
        String actual;
        if (route instanceof HttpRoute.NodeScript s) {
            actual = s.mac().equals(MAC) ? "script" : "other mac";
        } else if (route instanceof HttpRoute.GenericScript) {
            actual = "generic";
        } else if (route instanceof HttpRoute.ImageFile f) {
            actual = (f.kernel() ? "kernel " : "initrd ") + f.image();
        } else if (route instanceof HttpRoute.TftpFile t) {
            actual = "tftp " + t.raw();
        } else if (route instanceof HttpRoute.Nodes) {
            actual = "nodes";
        } else if (route instanceof HttpRoute.Booted b) {
            actual = b.mac().equals(MAC) ? "booted" : "other mac";
        } else if (route instanceof HttpRoute.Metrics) {
            actual = "metrics";
        } else {
            actual = "none";
        }
        assertEquals(expected, actual);
    }
}
