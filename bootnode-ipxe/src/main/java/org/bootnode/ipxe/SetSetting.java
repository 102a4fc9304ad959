package org.bootnode.ipxe;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Objects;
import org.bootnode.ipxe.internal.CommandSpec;
import org.bootnode.ipxe.internal.Syntax;

/**
 * {@code set setting [value...]}: store the words, joined by single spaces, in a setting
 * (hci/commands/nvo_cmd.c). This is how a value with spaces reaches a single argument:
 * {@code set v a b} then {@code ${v}}. An empty value deletes the setting.
 *
 * <p>Text that words cannot carry (repeated or leading spaces, tabs, newlines, a word that
 * starts with {@code #}, a lone {@code ||}) can still reach iPXE exactly through
 * {@link #exactly}, which stores its bytes as hex.
 *
 * @param setting the setting, optionally typed ({@code set x:hex 01:02})
 * @param value the value
 */
public record SetSetting(Setting setting, Words value) implements Command {

    /** {@code set}: its options and arguments as iPXE declares them; how this record is read and written. */
    static final CommandSpec<SetSetting, Value> SPEC = Spec.of("set", SetSetting.class)
            .args(1, CommandSpec.MANY)
            .reader(in -> new SetSetting(in.arg(0, Setting::parse), new Words(in.args(1))))
            .writer((c, out) -> out.literal(c.setting().qualifiedName()).args(c.value().words()))
            .build();

    /** Checks the required parts. */
    public SetSetting {
        Objects.requireNonNull(setting, "setting");
        Objects.requireNonNull(value, "value");
    }

    /** {@code set NAME TEXT}, the text split on single spaces. */
    public static SetSetting of(String name, String text) {
        return new SetSetting(Setting.parse(name), Words.of(text));
    }

    /**
     * {@code set NAME:hex 61:20:20:62}: stores exactly the UTF-8 bytes of {@code text}; refer
     * to it as {@code ${NAME:string}} ({@code Value.of(Setting.of(NAME).withType("string"))}).
     * The text may hold anything but NUL (iPXE's strings end there) and <code>${</code> (iPXE
     * would expand it again where the setting is referenced).
     *
     * @param name the setting's name, without a type
     */
    public static SetSetting exactly(String name, String text) {
        Setting setting = Setting.of(name);
        if (text.indexOf(0) >= 0) {
            throw new IllegalArgumentException("value: " + Syntax.quote(text) + " contains a NUL");
        }
        if (text.contains("${")) {
            throw new IllegalArgumentException("value: " + Syntax.quote(text)
                    + " contains \"${\" (iPXE expands a referenced setting again, with no escape)");
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        String hex = HexFormat.ofDelimiter(":").formatHex(bytes);
        return new SetSetting(setting.withType("hex"), Words.of(hex));
    }

    @Override
    public String name() {
        return SPEC.name();
    }
}
