package org.bootnode.server.api;

/** What a request may do: set by the admin listener's access check before the API sees it. */
public enum Access {
    /** GET and HEAD only. */
    READ,
    /** Everything: reads and changes. */
    WRITE
}
