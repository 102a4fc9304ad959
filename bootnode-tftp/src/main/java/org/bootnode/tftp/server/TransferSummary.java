package org.bootnode.tftp.server;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * One transfer, as the listener sees it: who, what, how much, how long, with which block size
 * and window.
 *
 * @param client the client's address and port
 * @param filename the name as the client sent it
 * @param write true for a WRQ
 * @param bytes bytes acknowledged (read) or received (write) so far
 * @param size the file's size when known, else -1
 * @param duration time since the request
 * @param blockSize the block size in use
 * @param windowSize the window in use
 */
public record TransferSummary(InetSocketAddress client, String filename, boolean write, long bytes, long size,
                              Duration duration, int blockSize, int windowSize) {}
