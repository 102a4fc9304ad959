package org.bootnode.tftp;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.properties.HasModifiers;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
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
        List<String> leaks = new ArrayList<>();
        for (JavaClass c : CLASSES) {
            if (isInternal(c) || !visible(c) || c.isAnonymousClass() || c.isLocalClass()
                    || c.getEnclosingClass().map(e -> !visible(e)).orElse(false)) {
                continue;
            }
            c.getRawSuperclass().filter(ArchitectureTest::isInternal)
                    .ifPresent(s -> leaks.add(c.getName() + " extends " + s.getName()));
            c.getRawInterfaces().stream().filter(ArchitectureTest::isInternal)
                    .forEach(i -> leaks.add(c.getName() + " implements " + i.getName()));
            for (JavaCodeUnit u : c.getCodeUnits()) {
                if (!visible(u) || u.getName().startsWith("lambda$")) {
                    continue;
                }
                Stream.concat(Stream.of(u.getRawReturnType()), Stream.concat(u.getRawParameterTypes().stream(),
                                u.getExceptionTypes().stream()))
                        .filter(ArchitectureTest::isInternal)
                        .forEach(t -> leaks.add(u.getFullName() + " uses " + t.getName()));
            }
            for (JavaField f : c.getFields()) {
                if (visible(f) && isInternal(f.getRawType())) {
                    leaks.add(f.getFullName() + " is a " + f.getRawType().getName());
                }
            }
        }
        assertEquals(List.of(), leaks);
    }

    /**
     * No cycle between the module's parts. An {@code internal} package belongs to the package
     * above it (an API and its implementation are one part): the parts are the codec
     * ({@code org.bootnode.tftp}), the server and the client.
     */
    @Test
    void noPackageCycle() {
        slices().assignedFrom(new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass c) {
                String p = c.getPackageName();
                if (!p.startsWith("org.bootnode.tftp")) {
                    return SliceIdentifier.ignore();
                }
                int i = p.indexOf(".internal");
                return SliceIdentifier.of(i < 0 ? p : p.substring(0, i));
            }

            @Override
            public String getDescription() {
                return "packages of bootnode-tftp, each with its internal packages";
            }
        }).should().beFreeOfCycles().check(CLASSES);
    }

    /** The codec's internal package (the state machines) and the codec never depend on the server or the client. */
    @Test
    void theCodecLayerDependsOnNeitherServerNorClient() {
        noClasses().that().resideInAnyPackage("org.bootnode.tftp", "org.bootnode.tftp.internal")
                .should().dependOnClassesThat().resideInAnyPackage("org.bootnode.tftp.server..", "org.bootnode.tftp.client..")
                .check(CLASSES);
    }

    private static boolean isInternal(JavaClass c) {
        JavaClass base = c.isArray() ? c.getBaseComponentType() : c;
        return base.getPackageName().startsWith("org.bootnode.tftp") && base.getPackageName().contains(".internal");
    }

    private static boolean visible(HasModifiers m) {
        return m.getModifiers().contains(JavaModifier.PUBLIC) || m.getModifiers().contains(JavaModifier.PROTECTED);
    }

}
