package org.bootnode.dhcp.pxe;

import java.net.Inet4Address;
import java.util.Objects;
import java.util.Optional;

/**
 * What a boot client is told: a boot file (TFTP name or absolute URL), the next server, the
 * vendor class to answer with, and the PXE and iPXE switches. {@link #none()} boots nothing: the
 * client gets its address only.
 */
public final class BootDecision {
    private static final BootDecision NONE = new BootDecision(null, null, null, false, false);

    private final Inet4Address nextServer;
    private final String bootFile;
    private final String vendorClass;
    private final boolean pxeSkipDiscovery;
    private final boolean ipxeNoProxyWait;

    private BootDecision(Inet4Address nextServer, String bootFile, String vendorClass,
                         boolean pxeSkipDiscovery, boolean ipxeNoProxyWait) {
        this.nextServer = nextServer;
        this.bootFile = bootFile;
        this.vendorClass = vendorClass;
        this.pxeSkipDiscovery = pxeSkipDiscovery;
        this.ipxeNoProxyWait = ipxeNoProxyWait;
    }

    /** No boot information. */
    public static BootDecision none() {
        return NONE;
    }

    /**
     * PXE firmware: a file over TFTP from {@code nextServer}, vendor class {@code PXEClient} and
     * option 43 telling the firmware to skip boot-server discovery (sub-option 6 = 8).
     */
    public static BootDecision pxe(Inet4Address nextServer, String file) {
        return new BootDecision(Objects.requireNonNull(nextServer), nonEmpty(file), "PXEClient", true, false);
    }

    /** UEFI HTTP boot: an absolute {@code http://} URL, vendor class {@code HTTPClient}. */
    public static BootDecision httpBoot(String url) {
        if (!url.regionMatches(true, 0, "http://", 0, 7) && !url.regionMatches(true, 0, "https://", 0, 8)) {
            throw new IllegalArgumentException("HTTP boot URL: " + url + " (expected: an absolute http:// URL)");
        }
        return new BootDecision(null, url, "HTTPClient", false, false);
    }

    /** iPXE: its script's URL; 175.176 = 1 so it does not wait for proxyDHCP offers. */
    public static BootDecision ipxeScript(Inet4Address nextServer, String url) {
        return new BootDecision(nextServer, nonEmpty(url), null, false, true);
    }

    /** Any other combination. */
    public static BootDecision of(Inet4Address nextServer, String bootFile, String vendorClass,
                                  boolean pxeSkipDiscovery, boolean ipxeNoProxyWait) {
        return new BootDecision(nextServer, bootFile == null ? null : nonEmpty(bootFile), vendorClass,
                pxeSkipDiscovery, ipxeNoProxyWait);
    }

    public boolean isNone() {
        return bootFile == null;
    }

    public Optional<Inet4Address> nextServer() {
        return Optional.ofNullable(nextServer);
    }

    public Optional<String> bootFile() {
        return Optional.ofNullable(bootFile);
    }

    public Optional<String> vendorClass() {
        return Optional.ofNullable(vendorClass);
    }

    public boolean pxeSkipDiscovery() {
        return pxeSkipDiscovery;
    }

    public boolean ipxeNoProxyWait() {
        return ipxeNoProxyWait;
    }

    private static String nonEmpty(String s) {
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException("boot file: empty (expected: a file name or URL)");
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BootDecision d && Objects.equals(d.nextServer, nextServer) && Objects.equals(d.bootFile, bootFile)
                && Objects.equals(d.vendorClass, vendorClass) && d.pxeSkipDiscovery == pxeSkipDiscovery
                && d.ipxeNoProxyWait == ipxeNoProxyWait;
    }

    @Override
    public int hashCode() {
        return Objects.hash(nextServer, bootFile, vendorClass, pxeSkipDiscovery, ipxeNoProxyWait);
    }

    @Override
    public String toString() {
        return isNone() ? "BootDecision{none}" : "BootDecision{file=" + bootFile + ", next-server="
                + (nextServer == null ? "-" : nextServer.getHostAddress()) + ", vendor-class=" + vendorClass + "}";
    }
}
