package org.bootnode.dhcp;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;

/** Golden byte vectors written out in tests: hex tokens separated by blanks; {@code 00*N} is N zero bytes. */
public final class Golden {
    private Golden() {
    }

    public static byte[] bytes(String spec) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : spec.split("\n")) {
            int hash = line.indexOf("//");
            String code = hash >= 0 ? line.substring(0, hash) : line;
            for (String tok : code.trim().split("\\s+")) {
                if (tok.isEmpty()) {
                    continue;
                }
                int star = tok.indexOf('*');
                if (star >= 0) {
                    byte v = (byte) Integer.parseInt(tok.substring(0, star), 16);
                    for (int i = Integer.parseInt(tok.substring(star + 1)); i > 0; i--) {
                        out.write(v);
                    }
                } else {
                    out.writeBytes(HexFormat.of().parseHex(tok));
                }
            }
        }
        return out.toByteArray();
    }

    public static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
