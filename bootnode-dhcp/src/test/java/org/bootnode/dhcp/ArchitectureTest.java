package org.bootnode.dhcp;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.bootnode.testkit.ArchitectureRules;
import org.junit.jupiter.api.Test;

/**
 * The module's shape: a plain-Java codec with no Netty, the package stack codec ← pxe ← lease ←
 * server with no arrow back up, no package cycle, and no internal type in the public API.
 */
class ArchitectureTest {
    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.bootnode.dhcp");

    @Test
    void codecPxeAndLeasePackagesNeverUseNetty() {
        noClasses().that().resideInAnyPackage("org.bootnode.dhcp", "org.bootnode.dhcp.internal", "org.bootnode.dhcp.pxe",
                        "org.bootnode.dhcp.lease")
                .should().dependOnClassesThat().resideInAnyPackage("io.netty..")
                .check(CLASSES);
    }

    @Test
    void packagesStackCodecPxeLeaseServer() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("codec").definedBy("org.bootnode.dhcp", "org.bootnode.dhcp.internal")
                .layer("pxe").definedBy("org.bootnode.dhcp.pxe")
                .layer("lease").definedBy("org.bootnode.dhcp.lease")
                .layer("server").definedBy("org.bootnode.dhcp.server..")
                .whereLayer("server").mayNotBeAccessedByAnyLayer()
                .whereLayer("lease").mayOnlyBeAccessedByLayers("server")
                .whereLayer("pxe").mayOnlyBeAccessedByLayers("lease", "server")
                .check(CLASSES);
    }

    /**
     * A package and its {@code internal} package are one unit: {@code server.internal} is the
     * server's implementation and works on the server's own API types (its config, listener and
     * events), as {@code DhcpServer} starts it; what must not exist is a cycle between units.
     */
    @Test
    void noPackageCycle() {
        ArchitectureRules.noCycles("org.bootnode.dhcp").check(CLASSES);
    }

    @Test
    void noInternalTypeInAPublicSignatureOfTheApi() {
        ArchitectureRules.noInternalTypeInTheApi("org.bootnode.dhcp").check(CLASSES);
    }
}
