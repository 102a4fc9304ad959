package org.bootnode.server;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import org.bootnode.testkit.ArchitectureRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package structure of bootnode-server. The root package holds {@link BootServer}, which
 * wires everything, and the SPI an embedder implements or passes ({@link ScriptRenderer},
 * {@link BootUrls}, {@link HttpRoute}); the packages below it form a graph without cycles, and
 * only the CLI starts a {@link BootServer}. Exported packages (module-info.java) show no type of
 * an unexported one in a public signature, and nothing here reaches into a library's internals.
 */
class ArchitectureTest {
    /** What module-info.java exports. */
    static final Set<String> EXPORTED = Set.of("org.bootnode.server", "org.bootnode.server.config",
            "org.bootnode.server.inventory", "org.bootnode.server.metrics");

    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.bootnode.server");
    }

    @Test
    void noCycleBetweenThePackagesBelowTheRoot() {
        slices().matching("org.bootnode.server.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void onlyTheCliStartsABootServer() {
        noClasses().that().resideOutsideOfPackages("org.bootnode.server", "org.bootnode.server.cli")
                .should().dependOnClassesThat().belongToAnyOf(BootServer.class)
                .check(classes);
    }

    @Test
    void theSpiDependsOnNothingBelowItButTheConfiguration() {
        noClasses().that().belongToAnyOf(ScriptRenderer.class, BootUrls.class, HttpRoute.class)
                .should().dependOnClassesThat().resideOutsideOfPackages("org.bootnode.server", "org.bootnode.server.config",
                        "org.bootnode.dhcp", "java..")
                .check(classes);
    }

    @Test
    void noLibraryInternalsAreUsed() {
        noClasses().that().resideInAPackage("org.bootnode.server..")
                .should().dependOnClassesThat().resideInAnyPackage("org.bootnode.dhcp..internal..",
                        "org.bootnode.tftp..internal..", "org.bootnode.ipxe..internal..", "org.bootnode.image..internal..",
                        "io.netty..internal..")
                .check(classes);
    }

    @Test
    void noUnexportedTypeInAnExportedSignature() {
        DescribedPredicate<JavaClass> unexported = ArchitectureRules.typesIn("org.bootnode.server")
                .and(not(resideInAnyPackage(EXPORTED.toArray(String[]::new))))
                .as("are in an unexported package of org.bootnode.server");
        classes().that().resideInAnyPackage(EXPORTED.toArray(String[]::new)).and(ArchitectureRules.exportedTypes())
                .should(ArchitectureRules.notExposing(unexported.or(ArchitectureRules.internalTypes())))
                .check(classes);
    }
}
