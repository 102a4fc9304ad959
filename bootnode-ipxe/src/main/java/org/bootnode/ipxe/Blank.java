package org.bootnode.ipxe;

/** An empty line, for readability. */
public record Blank() implements Statement {

    @Override
    public String render() {
        return "";
    }
}
