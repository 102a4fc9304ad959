package org.bootnode.dhcp;

/** The BOOTP {@code op} field (RFC 951): a fixed set of two values. */
public enum DhcpOp {
    BOOTREQUEST(1),
    BOOTREPLY(2);

    private final int code;

    DhcpOp(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
