package org.bootnode.ipxe.internal;

/**
 * One whitespace-separated token of a script line.
 *
 * @param text the token as written
 * @param column where it starts in its line, from 0
 */
public record Token(String text, int column) {
}
