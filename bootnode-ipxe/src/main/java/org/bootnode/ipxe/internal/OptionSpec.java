package org.bootnode.ipxe.internal;

/**
 * One option of a command, as iPXE declares it with {@code OPTION_DESC} (hci/commands/*.c).
 *
 * @param name the long name
 * @param letter the short letter
 * @param takesValue whether it takes a value ({@code required_argument})
 */
public record OptionSpec(String name, char letter, boolean takesValue) {
}
