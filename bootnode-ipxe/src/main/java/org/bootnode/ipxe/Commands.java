package org.bootnode.ipxe;

import java.util.ArrayList;
import java.util.List;
import org.bootnode.ipxe.internal.CommandSpec;
import org.bootnode.ipxe.internal.CommandTable;
import org.bootnode.ipxe.internal.Token;
import org.bootnode.ipxe.internal.ValueSyntax;

/**
 * The table of modelled commands: each record's own descriptor ({@code SPEC}), in one list.
 * A new command is its record, with its descriptor, named in {@link Command}'s
 * {@code permits} and here; {@code CommandTableTest} fails when one is missing.
 */
final class Commands {

    /** How the grammar machinery reads and writes a {@link Value}. */
    static final ValueSyntax<Value> VALUES = new ValueSyntax<>() {
        @Override
        public Value parse(Token token) {
            return Value.read(token);
        }

        @Override
        public String render(Value value) {
            return value.render();
        }

        @Override
        public boolean mayStartWithDash(Value value) {
            return value.mayStartWithDash();
        }
    };

    static final CommandTable<Command, Value> TABLE = new CommandTable<>(VALUES, all());

    private Commands() {
    }

    private static List<CommandSpec<? extends Command, Value>> all() {
        List<CommandSpec<? extends Command, Value>> all = new ArrayList<>(ImageFetch.SPECS);
        all.addAll(List.of(Dhcp.SPEC, Ifconf.SPEC, Imgargs.SPEC, Boot.SPEC, Echo.SPEC, SetSetting.SPEC,
                Clear.SPEC, Isset.SPEC, Iseq.SPEC, Goto.SPEC, Menu.SPEC, Item.SPEC, Choose.SPEC, Prompt.SPEC,
                Sleep.SPEC, Shell.SPEC, Reboot.SPEC, Poweroff.SPEC, Exit.SPEC, Imgverify.SPEC, Imgtrust.SPEC,
                Params.SPEC, Param.SPEC, Ntp.SPEC));
        return all;
    }
}
