package org.bootnode.image.cpio;

import java.io.IOException;

/**
 * An archive that is not valid newc cpio (or not a valid initramfs buffer): names the field and
 * the byte offset, counted from the start of the input, where reading went wrong.
 */
public final class CpioFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final long offset;
    private final String detail;

    /** Creates an exception for {@code field} at byte {@code offset} of the input. */
    public CpioFormatException(String field, long offset, String message) {
        super(field + " at offset " + offset + ": " + message);
        this.field = field;
        this.offset = offset;
        this.detail = message;
    }

    /** The header field or structure that was bad, e.g. {@code namesize} or {@code magic}. */
    public String field() {
        return field;
    }

    /** What is wrong, without the field and offset. */
    public String detail() {
        return detail;
    }

    /** Byte offset of the bad field, counted from the start of the input. */
    public long offset() {
        return offset;
    }
}
