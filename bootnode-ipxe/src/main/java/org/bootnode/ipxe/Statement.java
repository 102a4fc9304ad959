package org.bootnode.ipxe;

/**
 * One line of a script: commands joined by separators, a label, a comment or a blank line.
 * Each statement renders as exactly one line.
 */
public sealed interface Statement permits Line, Label, Comment, Blank {

    /** This statement as one line of script text, without the newline. */
    String render();
}
