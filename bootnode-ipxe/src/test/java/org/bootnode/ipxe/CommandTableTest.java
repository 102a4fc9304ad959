package org.bootnode.ipxe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.bootnode.ipxe.internal.CommandSpec;
import org.junit.jupiter.api.Test;

/** The table holds one descriptor per modelled command: a record left out of it fails here. */
class CommandTableTest {

    @Test
    void everyRecordOfTheSealedHierarchyHasADescriptor() {
        Set<Class<?>> described = Commands.TABLE.specs().values().stream()
                .map(CommandSpec::type).collect(Collectors.toSet());
        Set<String> missing = new TreeSet<>();
        for (Class<?> type : Command.class.getPermittedSubclasses()) {
            if (type != OtherCommand.class && !described.contains(type)) {
                missing.add(type.getSimpleName());
            }
        }
        assertEquals(Set.of(), missing);
    }

    @Test
    void imageFetchHasOneDescriptorPerKind() {
        for (ImageFetch.Kind kind : ImageFetch.Kind.values()) {
            assertEquals(ImageFetch.class, Commands.TABLE.specs().get(kind.command()).type(), kind.command());
        }
    }

    @Test
    void theCommandsThatLeaveTheScriptAreMarked() {
        Set<String> leaving = Commands.TABLE.specs().values().stream()
                .filter(CommandSpec::leavesScript).map(CommandSpec::name).collect(Collectors.toSet());
        assertEquals(Set.of("boot", "chain", "exit", "reboot", "poweroff"), leaving);
    }

    @Test
    void eachOptionLetterAndNameIsUniqueWithinItsCommand() {
        for (CommandSpec<?, ?> spec : Commands.TABLE.specs().values()) {
            long letters = spec.options().stream().map(o -> o.letter()).distinct().count();
            long names = spec.options().stream().map(o -> o.name()).distinct().count();
            assertEquals(spec.options().size(), letters, spec.name());
            assertEquals(spec.options().size(), names, spec.name());
        }
        assertTrue(Arrays.stream(Command.class.getPermittedSubclasses()).anyMatch(c -> c == SetSetting.class));
    }
}
