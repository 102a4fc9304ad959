package org.bootnode.tftp.server;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records events; tests wait on them with a bounded timeout. */
final class RecordingListener implements TftpListener {
    final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
    final List<TransferSummary> finished = new CopyOnWriteArrayList<>();
    final List<TransferFailure> failures = new CopyOnWriteArrayList<>();
    final List<IgnoredPacket> ignored = new CopyOnWriteArrayList<>();

    @Override
    public void transferStarted(TransferSummary t) {
        events.add("started " + t.filename());
    }

    @Override
    public void transferFinished(TransferSummary t) {
        finished.add(t);
        events.add("finished " + t.filename());
    }

    @Override
    public void transferFailed(TransferSummary t, TransferFailure f) {
        failures.add(f);
        events.add("failed " + t.filename() + " " + f.kind());
    }

    @Override
    public void optionsDeclined(TransferSummary t) {
        events.add("declined " + t.filename());
    }

    @Override
    public void packetIgnored(InetSocketAddress from, IgnoredPacket reason) {
        ignored.add(reason);
    }

    /** The next event that is not "started", within 10 s. */
    String next() throws InterruptedException {
        while (true) {
            String e = events.poll(10, TimeUnit.SECONDS);
            if (e == null) {
                throw new AssertionError("no event within 10 s");
            }
            if (!e.startsWith("started")) {
                return e;
            }
        }
    }
}
