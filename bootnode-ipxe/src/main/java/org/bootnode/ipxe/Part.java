package org.bootnode.ipxe;

/**
 * One piece of a {@link Value}: literal text or a reference to an iPXE setting.
 */
public sealed interface Part permits Literal, Setting {

    /** The text of this part as it appears in a script. */
    String render();
}
