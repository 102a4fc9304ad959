package org.bootnode.dhcp;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
        slices().assignedFrom(new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass c) {
                return SliceIdentifier.of(c.getPackageName().replaceFirst("\\.internal$", ""));
            }

            @Override
            public String getDescription() {
                return "one slice per package, with its internal package";
            }
        }).should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void noInternalTypeInAPublicSignatureOfTheApi() {
        List<String> leaks = new ArrayList<>();
        for (JavaClass c : CLASSES) {
            if (isInternal(c) || !c.getModifiers().contains(JavaModifier.PUBLIC) || !isExported(c)) {
                continue;
            }
            for (JavaCodeUnit u : c.getCodeUnits()) {
                if (!isVisible(u.getModifiers()) || u.getModifiers().contains(JavaModifier.SYNTHETIC)) {
                    continue;
                }
                for (JavaClass t : u.getAllInvolvedRawTypes()) {
                    if (isInternal(t)) {
                        leaks.add(u.getFullName() + " uses " + t.getName());
                    }
                }
            }
            for (JavaField f : c.getFields()) {
                if (isVisible(f.getModifiers())) {
                    for (JavaClass t : f.getAllInvolvedRawTypes()) {
                        if (isInternal(t)) {
                            leaks.add(f.getFullName() + " is " + t.getName());
                        }
                    }
                }
            }
        }
        if (!leaks.isEmpty()) {
            throw new AssertionError("internal types in the public API:\n  " + String.join("\n  ", leaks));
        }
    }

    private static boolean isVisible(Set<JavaModifier> modifiers) {
        return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
    }

    private static boolean isInternal(JavaClass c) {
        return c.getPackageName().contains(".internal");
    }

    /** Whether a nested class is reachable: every enclosing class public too. */
    private static boolean isExported(JavaClass c) {
        for (JavaClass e = c; e != null; e = e.getEnclosingClass().orElse(null)) {
            if (!e.getModifiers().contains(JavaModifier.PUBLIC)) {
                return false;
            }
        }
        return true;
    }

}
