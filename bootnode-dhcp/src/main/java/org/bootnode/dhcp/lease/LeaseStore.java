package org.bootnode.dhcp.lease;

import java.net.Inet4Address;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.bootnode.dhcp.ClientId;
import org.bootnode.dhcp.MacAddress;

/**
 * Where leases live. Reads are answered from memory at once and may be called from event loops.
 * Writes update memory at once and complete their stage when the change is durable: the server
 * sends an ACK only after that (and on the event loop, never blocking it).
 *
 * <p>A client is named by its client identifier when it sent one, else by its hardware address
 * (RFC 2131 §4.2). At most one {@link Lease.State#BOUND} lease per client; a bound or declined
 * lease per address.
 */
public interface LeaseStore extends AutoCloseable {
    /**
     * The bound lease of the client with hardware address {@code mac} and client identifier
     * {@code clientId} (null: it sent none): the one recorded under its identifier (or, without
     * one, its hardware address), else the latest lease of that hardware address if it
     * {@linkplain Lease#belongsTo belongs} to the client.
     */
    Optional<Lease> byClient(MacAddress mac, ClientId clientId);

    /** The lease of a client that sends no client identifier: {@code byClient(mac, null)}. */
    default Optional<Lease> byMac(MacAddress mac) {
        return byClient(mac, null);
    }

    Optional<Lease> byAddress(Inet4Address address);

    /** Records {@code lease}, replacing the client's previous one and any lease on that address. */
    CompletionStage<Void> put(Lease lease);

    /**
     * Whether a {@link #put} of {@code lease} could be committed now. False while a shared
     * store's database is away, for a lease it does not accept without it: the server then makes
     * no offer it could not acknowledge (of an address another server sharing the database may be
     * giving away meanwhile). Answered from memory; default true.
     */
    default boolean canCommit(Lease lease) {
        return true;
    }

    /** Frees the client's bound lease (RELEASE), if it holds {@code address}. */
    CompletionStage<Void> release(MacAddress mac, ClientId clientId, Inet4Address address);

    /** A snapshot of every lease. */
    Collection<Lease> all();

    /** Makes everything durable and stops; later writes fail. */
    @Override
    void close();
}
