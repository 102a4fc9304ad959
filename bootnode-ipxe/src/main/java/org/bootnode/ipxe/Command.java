package org.bootnode.ipxe;

/**
 * One iPXE command with its options and arguments. Each type is an immutable record that
 * checks its arguments when built; {@link OtherCommand} holds any command this model does not
 * describe, token by token.
 */
public sealed interface Command permits Dhcp, Ifconf, ImageFetch, Imgargs, Boot, Echo, SetSetting, Clear,
        Isset, Iseq, Goto, Menu, Item, Choose, Prompt, Sleep, Shell, Reboot, Poweroff, Exit,
        Imgverify, Imgtrust, Params, Param, Ntp, OtherCommand {

    /** The command's name as typed in a script, e.g. {@code kernel}. */
    String name();

    /** This command as a script line, e.g. {@code kernel --name k http://x/k quiet}. */
    default String render() {
        return Commands.TABLE.write(name(), this);
    }
}
