package org.bootnode.ipxe;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.bootnode.testkit.ArchitectureRules;
import org.junit.jupiter.api.Test;

/**
 * The module's shape: the model ({@code org.bootnode.ipxe}) over its grammar machinery
 * ({@code org.bootnode.ipxe.internal}), no arrow back up, and nothing of the machinery in the
 * API an embedder sees.
 */
class ArchitectureTest {

    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.bootnode.ipxe");

    /** Each package is its own slice, the internal one too: the model and its machinery are two parts here. */
    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("org.bootnode.(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void theInternalPackageNeverNamesTheModel() {
        noClasses().that().resideInAPackage("org.bootnode.ipxe.internal..")
                .should().dependOnClassesThat().resideInAPackage("org.bootnode.ipxe")
                .check(MAIN);
    }

    @Test
    void noInternalTypeInAPublicSignatureOfAnExportedType() {
        ArchitectureRules.noInternalTypeInTheApi("org.bootnode.ipxe").check(MAIN);
    }
}
