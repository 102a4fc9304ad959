package org.bootnode.tftp;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.bootnode.testkit.ArchitectureRules;
import org.junit.jupiter.api.Test;

/**
 * Rules on this module's package structure: the codec is plain Java, internals stay out of the
 * API, and the packages form a stack without cycles.
 */
class ArchitectureTest {
    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.bootnode.tftp");

    @Test
    void theCodecPackageNeverImportsNetty() {
        noClasses().that().resideInAPackage("org.bootnode.tftp")
                .should().dependOnClassesThat().resideInAPackage("io.netty..")
                .check(CLASSES);
    }

    /** Public types outside {@code internal} packages never show an internal type to a caller. */
    @Test
    void noInternalTypeInAPublicSignature() {
        ArchitectureRules.noInternalTypeInTheApi("org.bootnode.tftp").check(CLASSES);
    }

    /**
     * No cycle between the module's parts. An {@code internal} package belongs to the package
     * above it (an API and its implementation are one part): the parts are the codec
     * ({@code org.bootnode.tftp}), the server and the client.
     */
    @Test
    void noPackageCycle() {
        ArchitectureRules.noCycles("org.bootnode.tftp").check(CLASSES);
    }

    /** The codec's internal package (the state machines) and the codec never depend on the server or the client. */
    @Test
    void theCodecLayerDependsOnNeitherServerNorClient() {
        noClasses().that().resideInAnyPackage("org.bootnode.tftp", "org.bootnode.tftp.internal")
                .should().dependOnClassesThat().resideInAnyPackage("org.bootnode.tftp.server..", "org.bootnode.tftp.client..")
                .check(CLASSES);
    }
}
