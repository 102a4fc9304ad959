/**
 * bootnode-dhcp's lease store on PostgreSQL: {@link org.bootnode.store.postgres.PostgresLeaseStore},
 * its builder, the listener it reports to, and the exceptions its writes complete with.
 */
package org.bootnode.store.postgres;
