package org.bootnode.dhcp.server.internal;

import java.net.InetSocketAddress;
import org.bootnode.dhcp.MacAddress;
import org.bootnode.dhcp.internal.LogText;
import org.bootnode.dhcp.server.DhcpEvent;
import org.bootnode.dhcp.server.DhcpListener;
import org.bootnode.dhcp.server.IgnoreReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reports events to the listener (a failing listener cannot break the server) and logs one line per event. */
final class Events {
    private static final Logger log = LoggerFactory.getLogger("org.bootnode.dhcp");

    private final DhcpListener listener;

    Events(DhcpListener listener) {
        this.listener = listener;
    }

    void received(int bytes) {
        try {
            listener.received(bytes);
        } catch (RuntimeException ex) {
            log.warn("DHCP listener failed on received", ex);
        }
    }

    void report(Outcome.Event event, DhcpEvent e) {
        report(event, e, null);
    }

    /** {@code warning}: a line for the admin, logged at warn (null: none). */
    void report(Outcome.Event event, DhcpEvent e, String warning) {
        if (warning != null) {
            log.warn("{}", LogText.escape(warning));
        }
        if (log.isDebugEnabled()) {
            log.debug("DHCP {} {} {} {} {} {}", event, e.mac(), e.address().getHostAddress(), e.kind(), e.arch(),
                    LogText.escape(e.bootFile()));
        }
        try {
            switch (event) {
                case OFFER -> listener.offer(e);
                case ACK -> listener.ack(e);
                case NAK -> listener.nak(e);
                case DECLINE -> listener.decline(e);
                case RELEASE -> listener.release(e);
                case INFORM -> listener.inform(e);
            }
        } catch (RuntimeException ex) {
            log.warn("DHCP listener failed on {} for {}", event, e.mac(), ex);
        }
    }

    void ignored(MacAddress mac, IgnoreReason reason, InetSocketAddress from) {
        if (log.isDebugEnabled()) {
            log.debug("DHCP ignored {} from {}: {}", mac, from, LogText.escape(String.valueOf(reason)));
        }
        try {
            listener.ignored(mac, reason);
        } catch (RuntimeException ex) {
            log.warn("DHCP listener failed on ignored for {}", mac, ex);
        }
    }
}
