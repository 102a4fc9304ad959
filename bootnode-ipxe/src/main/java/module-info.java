/**
 * A typed model of iPXE scripts: build, render, parse and lint them, plus the ready-made
 * scripts a network boot service needs. No dependencies.
 */
module org.bootnode.ipxe {
    exports org.bootnode.ipxe;
}
