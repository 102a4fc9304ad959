package org.bootnode.image.initramfs;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * How a directory tree goes into an image.
 *
 * @param filter     sees each path relative to the tree's root ({@code /}-separated, e.g.
 *                   {@code etc/shadow}); a rejected directory is left out with all it holds
 * @param keepOwners true to keep each file's uid and gid (the default), false to make root own all
 */
public record TreeOptions(Predicate<String> filter, boolean keepOwners) {
    /** Checks the values. */
    public TreeOptions {
        Objects.requireNonNull(filter, "filter");
    }

    /** Everything, owners kept. */
    public static TreeOptions defaults() {
        return new TreeOptions(path -> true, true);
    }

    /** These options with another filter. */
    public TreeOptions withFilter(Predicate<String> filter) {
        return new TreeOptions(filter, keepOwners);
    }

    /** These options with owners kept or made root. */
    public TreeOptions withKeepOwners(boolean keep) {
        return new TreeOptions(filter, keep);
    }
}
