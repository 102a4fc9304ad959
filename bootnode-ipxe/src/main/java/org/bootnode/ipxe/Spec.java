package org.bootnode.ipxe;

import org.bootnode.ipxe.internal.CommandSpec;

/** Starts a record's descriptor over the model's {@link Value}; no state, so any record may call it first. */
final class Spec {

    private Spec() {
    }

    static <C extends Command> CommandSpec.Builder<C, Value> of(String name, Class<C> type) {
        return CommandSpec.builder(name, type);
    }
}
