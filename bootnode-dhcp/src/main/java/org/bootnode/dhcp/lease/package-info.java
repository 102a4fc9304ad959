/**
 * Addresses and leases: an {@link org.bootnode.dhcp.lease.AddressPolicy} picks a client's address
 * ({@link org.bootnode.dhcp.lease.StaticAddressPolicy}: reservations plus an optional pool); a
 * {@link org.bootnode.dhcp.lease.LeaseStore} keeps leases ({@link org.bootnode.dhcp.lease.JournalLeaseStore}:
 * an append-only journal, durable before the ACK).
 */
package org.bootnode.dhcp.lease;
