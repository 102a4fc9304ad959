package org.bootnode.image.internal;

import java.io.IOException;

/**
 * A compressing stream that can pass a stretch of data through stored, without searching it for
 * matches: for data that would not shrink (a file that is already compressed), where the
 * search costs CPU and gains nothing.
 */
public interface StoredStretch {
    /** What follows, until {@link #endStored()}, is written stored. */
    void beginStored() throws IOException;

    /** What follows is compressed again. */
    void endStored() throws IOException;
}
