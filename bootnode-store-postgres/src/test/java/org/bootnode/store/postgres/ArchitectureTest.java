package org.bootnode.store.postgres;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.bootnode.testkit.ArchitectureRules;
import org.junit.jupiter.api.Test;

/**
 * Nothing of the internal package in the API an embedder sees. (The internal package does name the
 * API's exceptions and listener, which it completes writes with and reports to.)
 */
class ArchitectureTest {

    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.bootnode.store.postgres");

    @Test
    void noInternalTypeInAPublicSignatureOfAnExportedType() {
        ArchitectureRules.noInternalTypeInTheApi("org.bootnode.store.postgres").check(MAIN);
    }
}
