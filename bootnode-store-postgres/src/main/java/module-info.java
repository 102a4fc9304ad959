/**
 * bootnode-store-postgres: bootnode-dhcp's {@code LeaseStore} on PostgreSQL, so that two or more head
 * nodes share one lease table. Only {@code org.bootnode.store.postgres} is API.
 */
module org.bootnode.store.postgres {
    requires transitive org.bootnode.dhcp;
    requires java.sql;
    requires org.postgresql.jdbc;
    requires org.slf4j;

    exports org.bootnode.store.postgres;
}
