package org.bootnode.dhcp.pxe;

import java.net.Inet4Address;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.bootnode.dhcp.MacAddress;

/**
 * bootnode's boot policy, the chain a node boots through (firmware, then iPXE, then its script
 * over HTTP): iPXE gets the URL of its script; PXE firmware gets an iPXE binary over TFTP by
 * its {@link BootFileClass}; UEFI HTTP boot gets an HTTP URL; plain DHCP clients get nothing.
 * iPXE never gets iPXE again, so a chainload cannot loop.
 *
 * <pre>
 * BIOS (0)                    → undionly.kpxe
 * UEFI x86-64 (7), EFI BC (9) → ipxe.efi
 * UEFI ia32 (6)               → the ia32 file, if configured
 * UEFI arm64 (11)             → the arm64 file, if configured
 * UEFI HTTP (15, 16; 19)      → the HTTP boot URL (the arm64 URL for 19)
 * iPXE                        → script URL for the MAC
 * </pre>
 *
 * A client may have files of its own ({@link Builder#perClient}): a group of nodes or one node
 * booting another binary. A class its own map lacks falls back to the file for everyone.
 */
public final class DefaultBootPolicy implements BootPolicy {
    private final Inet4Address nextServer;
    private final Map<BootFileClass, String> files;
    private final Function<MacAddress, Map<BootFileClass, String>> perClient;
    private final Function<MacAddress, String> scriptUrl;

    private DefaultBootPolicy(Builder b) {
        nextServer = Objects.requireNonNull(b.nextServer, "nextServer");
        files = Map.copyOf(b.files);
        perClient = b.perClient;
        scriptUrl = b.scriptUrl;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public BootDecision decide(BootRequest request) {
        ClientClass c = request.clientClass();
        if (c.kind() == ClientKind.IPXE) {
            return scriptUrl == null ? BootDecision.none() : BootDecision.ipxeScript(nextServer, scriptUrl.apply(request.mac()));
        }
        BootFileClass cls = BootFileClass.of(c).orElse(null);
        if (cls == null) {
            return BootDecision.none();
        }
        Map<BootFileClass, String> own = perClient == null ? null : perClient.apply(request.mac());
        String file = own == null ? null : own.get(cls);
        if (file == null || !valid(cls, file)) {
            file = files.get(cls); // a file of its own that cannot be served (no URL for HTTP boot) is not used
        }
        if (file == null) {
            return BootDecision.none();
        }
        return cls.isHttp() ? BootDecision.httpBoot(file) : BootDecision.pxe(nextServer, file);
    }

    private static boolean valid(BootFileClass cls, String file) {
        return !file.isEmpty() && (!cls.isHttp() || file.regionMatches(true, 0, "http://", 0, 7)
                || file.regionMatches(true, 0, "https://", 0, 8));
    }

    /** The file for everyone of a class, if any. */
    public Optional<String> file(BootFileClass cls) {
        return Optional.ofNullable(files.get(cls));
    }

    /** Builds a {@link DefaultBootPolicy}; only the next server is required. */
    public static final class Builder {
        private Inet4Address nextServer;
        private final Map<BootFileClass, String> files = new EnumMap<>(BootFileClass.class);
        private Function<MacAddress, Map<BootFileClass, String>> perClient;
        private Function<MacAddress, String> scriptUrl;

        private Builder() {
            files.put(BootFileClass.BIOS, "undionly.kpxe");
            files.put(BootFileClass.UEFI_X64, "ipxe.efi");
        }

        /** The TFTP server (siaddr and option 66), usually the head node's address. */
        public Builder nextServer(Inet4Address a) { nextServer = a; return this; }
        /**
         * The file for every client of a class (null: none); for the HTTP classes an absolute
         * {@code http://} URL. Defaults: {@code undionly.kpxe} for BIOS, {@code ipxe.efi} for UEFI x64.
         */
        public Builder file(BootFileClass cls, String file) {
            if (file == null) {
                files.remove(cls);
            } else {
                files.put(cls, check(cls, file));
            }
            return this;
        }
        /**
         * A client's own files, read for each request (on the event loop: a map lookup, no I/O);
         * an empty map, or a class missing from it, means the file for everyone. Each file is
         * used only if it could be given to {@link #file}; else the file for everyone is.
         */
        public Builder perClient(Function<MacAddress, Map<BootFileClass, String>> files) { perClient = files; return this; }
        /** BIOS PXE file; default {@code undionly.kpxe}. */
        public Builder biosFile(String f) { return file(BootFileClass.BIOS, f); }
        /** x86-64 UEFI file (arch 7 and 9); default {@code ipxe.efi} ({@code snponly.efi} also works). */
        public Builder uefiX64File(String f) { return file(BootFileClass.UEFI_X64, f); }
        /** arm64 UEFI file (arch 11); default none. */
        public Builder uefiArm64File(String f) { return file(BootFileClass.UEFI_ARM64, f); }
        /** 32-bit x86 UEFI file (arch 6); default none. */
        public Builder uefiIa32File(String f) { return file(BootFileClass.UEFI_IA32, f); }
        /** The iPXE script URL of a MAC, e.g. {@code mac -> "http://10.0.0.1:8080/boot/" + mac + ".ipxe"}. */
        public Builder scriptUrl(Function<MacAddress, String> f) { scriptUrl = f; return this; }
        /** The UEFI HTTP boot URL for x86 (arch 15, 16), e.g. {@code http://10.0.0.1:8080/tftp/snponly.efi}. */
        public Builder httpBootUrl(String url) { return file(BootFileClass.UEFI_X64_HTTP, url); }
        /** The UEFI HTTP boot URL for arm64 (arch 19). */
        public Builder httpBootUrlArm64(String url) { return file(BootFileClass.UEFI_ARM64_HTTP, url); }

        public DefaultBootPolicy build() {
            if (nextServer == null) {
                throw new IllegalArgumentException("nextServer: missing (expected: the TFTP server's address)");
            }
            return new DefaultBootPolicy(this);
        }

        private static String check(BootFileClass cls, String file) {
            if (cls.isHttp()) {
                BootDecision.httpBoot(file);
            } else if (file.isEmpty()) {
                throw new IllegalArgumentException("boot file " + cls.key() + ": empty (expected: a file name)");
            }
            return file;
        }
    }
}
