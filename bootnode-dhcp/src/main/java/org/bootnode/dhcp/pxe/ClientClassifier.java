package org.bootnode.dhcp.pxe;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.bootnode.dhcp.DhcpMessage;
import org.bootnode.dhcp.OptionKey;

/**
 * Classifies a request as PXE, UEFI HTTP boot, iPXE or plain DHCP. A pure function.
 *
 * <p>iPXE comes first: it sends vendor class {@code PXEClient} too, and answering it as PXE
 * firmware would hand it iPXE again, forever. It is known by option 77 {@code iPXE} (its bare
 * form or RFC 3004's length-prefixed list) or by option 175.
 */
public final class ClientClassifier {
    private static final byte[] IPXE = "iPXE".getBytes(StandardCharsets.US_ASCII);

    private ClientClassifier() {
    }

    public static ClientClass classify(DhcpMessage request) {
        String vendor = request.option(OptionKey.VENDOR_CLASS).orElse("");
        ClientArch arch = arch(request, vendor);
        ClientKind kind;
        if (isIpxe(request)) {
            kind = ClientKind.IPXE;
        } else if (startsWithIgnoreCase(vendor, "HTTPClient")) {
            kind = ClientKind.HTTP_BOOT;
        } else if (startsWithIgnoreCase(vendor, "PXEClient")) {
            kind = ClientKind.PXE;
        } else {
            kind = ClientKind.DHCP;
        }
        return new ClientClass(kind, arch, vendor);
    }

    static boolean isIpxe(DhcpMessage request) {
        if (request.options().contains(OptionKey.IPXE_ENCAP)) {
            return true;
        }
        byte[] uc = request.options().raw(OptionKey.USER_CLASS.code()).orElse(null);
        if (uc == null) {
            return false;
        }
        if (Arrays.equals(uc, IPXE)) {
            return true; // iPXE's own, non-RFC 3004 form
        }
        // RFC 3004 §2: a list of (length, data) user classes.
        int i = 0;
        while (i < uc.length) {
            int len = uc[i] & 0xff;
            if (len == 0 || i + 1 + len > uc.length) {
                return false;
            }
            if (Arrays.equals(uc, i + 1, i + 1 + len, IPXE, 0, IPXE.length)) {
                return true;
            }
            i += 1 + len;
        }
        return false;
    }

    private static ClientArch arch(DhcpMessage request, String vendor) {
        List<Integer> archs = request.option(OptionKey.CLIENT_ARCH).orElse(List.of());
        if (!archs.isEmpty()) {
            return ClientArch.of(archs.get(0));
        }
        // PXEClient:Arch:00007:UNDI:003016 (PXE 2.1 §2.2.5); some firmware omits option 93.
        String[] parts = vendor.split(":");
        for (int i = 0; i + 1 < parts.length; i++) {
            if (parts[i].equalsIgnoreCase("Arch")) {
                try {
                    int code = Integer.parseInt(parts[i + 1].trim());
                    if (code >= 0 && code <= 0xffff) {
                        return ClientArch.of(code);
                    }
                } catch (NumberFormatException e) {
                    break;
                }
            }
        }
        return ClientArch.X86_BIOS;
    }

    private static boolean startsWithIgnoreCase(String s, String prefix) {
        return s.regionMatches(true, 0, prefix, 0, prefix.length());
    }
}
