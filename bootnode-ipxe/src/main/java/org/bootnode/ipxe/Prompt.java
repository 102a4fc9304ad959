package org.bootnode.ipxe;

import java.util.Objects;
import org.bootnode.ipxe.internal.CommandSpec;
import org.bootnode.ipxe.internal.Keys;

/**
 * {@code prompt [--key k] [--timeout ms] [text...]}: show text and wait for a key; fails on
 * timeout or, with {@code --key}, on another key.
 *
 * @param key the expected key's code, or null for any key
 * @param timeoutMillis the timeout in milliseconds, or null for none
 * @param text the text shown
 */
public record Prompt(Integer key, Long timeoutMillis, Words text) implements Command {

    /** {@code prompt}: its options and arguments as iPXE declares them; how this record is read and written. */
    static final CommandSpec<Prompt, Value> SPEC = Spec.of("prompt", Prompt.class)
            .option("key", 'k').option("timeout", 't')
            .args(0, CommandSpec.MANY)
            .reader(in -> new Prompt(in.key("key"), in.number("timeout"), new Words(in.args(0))))
            .writer((c, out) -> out.key("key", c.key()).option("timeout", c.timeoutMillis()).args(c.text().words()))
            .build();

    /** Checks the text, the key and the timeout. */
    public Prompt {
        Objects.requireNonNull(text, "text");
        if (key != null) {
            Keys.check(key);
        }
        if (timeoutMillis != null && timeoutMillis < 0) {
            throw new IllegalArgumentException("timeout: " + timeoutMillis + " (expected: >= 0 ms)");
        }
    }

    @Override
    public String name() {
        return SPEC.name();
    }
}
