package org.bootnode.ipxe.internal;

/**
 * How the model's argument type is read from a token and written back: the one thing this
 * package needs to know about it.
 *
 * @param <V> the argument type
 */
public interface ValueSyntax<V> {

    /** Reads a token; throws {@link SyntaxError} at the token's column when it is refused. */
    V parse(Token token);

    /** The value as written in a script. */
    String render(V value);

    /** Whether iPXE might see the value begin with {@code -} once expanded. */
    boolean mayStartWithDash(V value);
}
