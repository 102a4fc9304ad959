package org.bootnode.dhcp.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.bootnode.dhcp.MacAddress;

/** Records listener calls as text lines ("ack fc:..:01 10.0.0.10"), and lets a test wait for one. */
final class RecordingListener implements DhcpListener {
    private final List<String> events = new ArrayList<>();

    private synchronized void add(String s) {
        events.add(s);
        notifyAll();
    }

    @Override public void offer(DhcpEvent e) { add("offer " + e.mac() + " " + e.address().getHostAddress()); }
    @Override public void ack(DhcpEvent e) { add("ack " + e.mac() + " " + e.address().getHostAddress()); }
    @Override public void nak(DhcpEvent e) { add("nak " + e.mac() + " " + e.address().getHostAddress()); }
    @Override public void decline(DhcpEvent e) { add("decline " + e.mac() + " " + e.address().getHostAddress()); }
    @Override public void release(DhcpEvent e) { add("release " + e.mac() + " " + e.address().getHostAddress()); }
    @Override public void inform(DhcpEvent e) { add("inform " + e.mac() + " " + e.address().getHostAddress()); }
    @Override public void ignored(MacAddress mac, IgnoreReason reason) {
        add("ignored " + mac + " " + reason.getClass().getSimpleName());
    }

    synchronized void clear() {
        events.clear();
    }

    synchronized List<String> events() {
        return List.copyOf(events);
    }

    /** Waits (on notifications, bounded) until an event matches. */
    synchronized String await(Predicate<String> p, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            for (String e : events) {
                if (p.test(e)) {
                    return e;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no matching event within " + seconds + " s; saw " + events);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }
}
