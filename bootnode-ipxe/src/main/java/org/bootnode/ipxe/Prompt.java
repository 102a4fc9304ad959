package org.bootnode.ipxe;

import java.util.Objects;

/**
 * {@code prompt [--key k] [--timeout ms] [text...]}: show text and wait for a key; fails on
 * timeout or, with {@code --key}, on another key.
 *
 * @param key the expected key's code, or null for any key
 * @param timeoutMillis the timeout in milliseconds, or null for none
 * @param text the text shown
 */
public record Prompt(Integer key, Long timeoutMillis, Words text) implements Command {

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
        return "prompt";
    }
}
