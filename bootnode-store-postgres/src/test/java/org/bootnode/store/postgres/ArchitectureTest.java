package org.bootnode.store.postgres;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;
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
        classes().that().resideInAPackage("org.bootnode.store.postgres").and(exported())
                .should(notExposeInternalTypes())
                .check(MAIN);
    }

    /** Public, and every enclosing class public too: what the exported package shows. */
    private static DescribedPredicate<JavaClass> exported() {
        return DescribedPredicate.describe("are exported", type -> {
            for (JavaClass c = type; c != null; c = c.getEnclosingClass().orElse(null)) {
                if (!c.getModifiers().contains(JavaModifier.PUBLIC)) {
                    return false;
                }
            }
            return true;
        });
    }

    private static ArchCondition<JavaClass> notExposeInternalTypes() {
        return new ArchCondition<>("not name an internal type in a public or protected signature") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                List<String> found = new ArrayList<>();
                List<JavaType> supertypes = new ArrayList<>(type.getInterfaces());
                type.getSuperclass().ifPresent(supertypes::add);
                supertypes.forEach(t -> collect(type.getName() + " extends/implements", t, found));
                for (JavaMember member : type.getMembers()) {
                    if (!(member.getModifiers().contains(JavaModifier.PUBLIC)
                            || member.getModifiers().contains(JavaModifier.PROTECTED))) {
                        continue;
                    }
                    if (member instanceof JavaField field) {
                        collect(field.getFullName(), field.getType(), found);
                    } else if (member instanceof JavaCodeUnit unit) {
                        collect(unit.getFullName(), unit.getReturnType(), found);
                        unit.getParameterTypes().forEach(t -> collect(unit.getFullName(), t, found));
                        unit.getThrowsClause().getTypes().forEach(t -> collect(unit.getFullName(), t, found));
                    }
                }
                found.forEach(message -> events.add(SimpleConditionEvent.violated(type, message)));
            }
        };
    }

    private static void collect(String where, JavaType type, List<String> found) {
        for (JavaClass raw : type.getAllInvolvedRawTypes()) {
            if (raw.getPackageName().startsWith("org.bootnode.store.postgres.internal")) {
                found.add(where + " names " + raw.getName());
            }
        }
    }
}
