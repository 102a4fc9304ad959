package org.bootnode.tftp.server;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/** Files in memory, keyed by normalised name. */
final class MemorySource implements FileSource {
    private final Map<String, byte[]> files = new HashMap<>();

    MemorySource(Map<String, byte[]> files) {
        files.forEach((name, bytes) -> {
            TftpPaths.Name n = TftpPaths.normalise(name);
            if (n.refused()) {
                throw new IllegalArgumentException("file name: '" + name + "' (" + n.refusal() + ")");
            }
            this.files.put(n.path(), bytes.clone());
        });
    }

    @Override
    public FileLookup open(InetSocketAddress client, String filename) {
        TftpPaths.Name name = TftpPaths.normalise(filename);
        if (name.refused()) {
            return FileLookup.denied(name.refusal());
        }
        byte[] bytes = files.get(name.path());
        return bytes == null ? FileLookup.notFound("no such file: " + name.path()) : FileLookup.found(new MemoryFile(bytes, true));
    }
}
