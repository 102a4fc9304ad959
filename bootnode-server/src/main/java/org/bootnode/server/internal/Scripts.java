package org.bootnode.server.internal;

import org.bootnode.server.ScriptRenderer;

/** The renderer the server uses unless an embedder supplies one: the one place to swap it. */
public final class Scripts {
    private Scripts() {}

    /** The default script renderer. */
    public static ScriptRenderer defaultRenderer() {
        return new IpxeScriptRenderer();
    }
}
