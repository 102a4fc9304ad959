package org.bootnode.dhcp.pxe;

import java.net.Inet4Address;
import java.util.Objects;
import java.util.function.Function;
import org.bootnode.dhcp.MacAddress;

/**
 * bootnode's boot policy, the chain a node boots through (firmware, then iPXE, then its script
 * over HTTP): iPXE gets the URL of its script; PXE firmware gets an
 * iPXE binary over TFTP by architecture; UEFI HTTP boot gets an HTTP URL; plain DHCP clients
 * get nothing. iPXE never gets iPXE again, so a chainload cannot loop.
 *
 * <pre>
 * BIOS (0)                    → undionly.kpxe
 * UEFI x86-64 (7), EFI BC (9) → ipxe.efi
 * UEFI arm64 (11)             → the arm64 file, if configured
 * UEFI HTTP (15, 16; 19)      → the HTTP boot URL (arm64 URL for 19)
 * iPXE                        → script URL for the MAC
 * </pre>
 */
public final class DefaultBootPolicy implements BootPolicy {
    private final Inet4Address nextServer;
    private final String biosFile;
    private final String uefiX64File;
    private final String uefiArm64File;
    private final String uefiIa32File;
    private final Function<MacAddress, String> scriptUrl;
    private final String httpBootUrl;
    private final String httpBootUrlArm64;

    private DefaultBootPolicy(Builder b) {
        nextServer = Objects.requireNonNull(b.nextServer, "nextServer");
        biosFile = b.biosFile;
        uefiX64File = b.uefiX64File;
        uefiArm64File = b.uefiArm64File;
        uefiIa32File = b.uefiIa32File;
        scriptUrl = b.scriptUrl;
        httpBootUrl = b.httpBootUrl;
        httpBootUrlArm64 = b.httpBootUrlArm64;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public BootDecision decide(BootRequest request) {
        ClientClass c = request.clientClass();
        return switch (c.kind()) {
            case DHCP -> BootDecision.none();
            case IPXE -> scriptUrl == null ? BootDecision.none()
                    : BootDecision.ipxeScript(nextServer, scriptUrl.apply(request.mac()));
            case HTTP_BOOT -> {
                String url = c.arch().equals(ClientArch.EFI_ARM64_HTTP) || c.arch().equals(ClientArch.EFI_ARM64)
                        ? httpBootUrlArm64 : httpBootUrl;
                yield url == null ? BootDecision.none() : BootDecision.httpBoot(url);
            }
            case PXE -> {
                String file = switch (c.arch().code()) {
                    case 0 -> biosFile;
                    case 6 -> uefiIa32File;
                    case 7, 9 -> uefiX64File; // IANA: 7 x86-64, 9 EFI BC, both x86-64 firmware
                    case 11 -> uefiArm64File;
                    default -> null;
                };
                yield file == null ? BootDecision.none() : BootDecision.pxe(nextServer, file);
            }
        };
    }

    /** Builds a {@link DefaultBootPolicy}; only the next server is required. */
    public static final class Builder {
        private Inet4Address nextServer;
        private String biosFile = "undionly.kpxe";
        private String uefiX64File = "ipxe.efi";
        private String uefiArm64File;
        private String uefiIa32File;
        private Function<MacAddress, String> scriptUrl;
        private String httpBootUrl;
        private String httpBootUrlArm64;

        private Builder() {
        }

        /** The TFTP server (siaddr and option 66), usually the head node's address. */
        public Builder nextServer(Inet4Address a) { nextServer = a; return this; }
        /** BIOS PXE file; default {@code undionly.kpxe}. */
        public Builder biosFile(String f) { biosFile = f; return this; }
        /** x86-64 UEFI file (arch 7 and 9); default {@code ipxe.efi} ({@code snponly.efi} also works). */
        public Builder uefiX64File(String f) { uefiX64File = f; return this; }
        /** arm64 UEFI file (arch 11); default none. */
        public Builder uefiArm64File(String f) { uefiArm64File = f; return this; }
        /** 32-bit x86 UEFI file (arch 6); default none. */
        public Builder uefiIa32File(String f) { uefiIa32File = f; return this; }
        /** The iPXE script URL of a MAC, e.g. {@code mac -> "http://10.0.0.1:8080/boot/" + mac + ".ipxe"}. */
        public Builder scriptUrl(Function<MacAddress, String> f) { scriptUrl = f; return this; }
        /** The UEFI HTTP boot URL for x86 (arch 15, 16), e.g. {@code http://10.0.0.1:8080/tftp/snponly.efi}. */
        public Builder httpBootUrl(String url) { httpBootUrl = checkUrl(url); return this; }
        /** The UEFI HTTP boot URL for arm64 (arch 19). */
        public Builder httpBootUrlArm64(String url) { httpBootUrlArm64 = checkUrl(url); return this; }

        public DefaultBootPolicy build() {
            if (nextServer == null) {
                throw new IllegalArgumentException("nextServer: missing (expected: the TFTP server's address)");
            }
            return new DefaultBootPolicy(this);
        }

        private static String checkUrl(String url) {
            BootDecision.httpBoot(url);
            return url;
        }
    }
}
