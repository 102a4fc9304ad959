package org.bootnode.testkit;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.domain.properties.HasModifiers;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The ArchUnit rules every bootnode module applies to its own classes: what is not API (an
 * {@code internal} package) never shows in a signature an embedder can see, and the packages form
 * no cycle. A module's own rules (its layering, its codec free of Netty) stay in its
 * {@code ArchitectureTest}, which checks these too:
 *
 * <pre>{@code
 * JavaClasses classes = new ClassFileImporter()
 *         .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
 *         .importPackages("org.bootnode.dhcp");
 * ArchitectureRules.noInternalTypeInTheApi("org.bootnode.dhcp").check(classes);
 * ArchitectureRules.noCycles("org.bootnode.dhcp").check(classes);
 * }</pre>
 */
public final class ArchitectureRules {
    private ArchitectureRules() {}

    /**
     * Types another module can name: public or protected, not local or anonymous, and so is every
     * class around them (a public class nested in a package-private one is out of reach).
     */
    public static DescribedPredicate<JavaClass> exportedTypes() {
        return DescribedPredicate.describe("are exported", type -> {
            for (JavaClass c = type; c != null; c = c.getEnclosingClass().orElse(null)) {
                if (c.isAnonymousClass() || c.isLocalClass() || !visible(c)) {
                    return false;
                }
            }
            return true;
        });
    }

    /**
     * Types in a package named {@code internal} or below one, of any library: bootnode's own and
     * its dependencies' ({@code io.netty.util.internal}) alike.
     */
    public static DescribedPredicate<JavaClass> internalTypes() {
        return DescribedPredicate.describe("are internal", type -> {
            String pkg = "." + type.getBaseComponentType().getPackageName() + ".";
            return pkg.contains(".internal.");
        });
    }

    /**
     * Types in {@code packagePrefix} or a package below it; with {@link #internalTypes()} and
     * {@link DescribedPredicate#or}, what a module keeps out of its API beyond its
     * {@code internal} packages.
     */
    public static DescribedPredicate<JavaClass> typesIn(String packagePrefix) {
        return DescribedPredicate.describe("are in " + packagePrefix, type -> {
            String pkg = type.getBaseComponentType().getPackageName();
            return pkg.equals(packagePrefix) || pkg.startsWith(packagePrefix + ".");
        });
    }

    /**
     * A class names no {@code hidden} type where a caller sees it: in its superclass, its
     * interfaces and its type parameters' bounds, and in the type, return type, parameter types,
     * type parameters and throws clause of each public or protected field, constructor and method.
     * Type arguments count ({@code List<Hidden>}), and so do array components.
     */
    public static ArchCondition<JavaClass> notExposing(DescribedPredicate<? super JavaClass> hidden) {
        return new ArchCondition<>("not name types that " + hidden.getDescription()
                + " in a public or protected signature") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                // A set: a method's type variable and its erased parameter name the same type.
                Set<String> found = new LinkedHashSet<>();
                type.getSuperclass().ifPresent(t -> collect(type.getName() + " extends", t, hidden, found));
                type.getInterfaces().forEach(t -> collect(type.getName() + " implements", t, hidden, found));
                type.getTypeParameters().forEach(t -> collect(type.getName() + " has parameter", t, hidden, found));
                for (JavaMember member : type.getMembers()) {
                    if (!visible(member)) {
                        continue;
                    }
                    String where = member.getFullName();
                    if (member instanceof JavaField field) {
                        collect(where, field.getType(), hidden, found);
                    } else if (member instanceof JavaCodeUnit unit) {
                        collect(where, unit.getReturnType(), hidden, found);
                        unit.getParameterTypes().forEach(t -> collect(where, t, hidden, found));
                        unit.getTypeParameters().forEach(t -> collect(where, t, hidden, found));
                        unit.getThrowsClause().getTypes().forEach(t -> collect(where, t, hidden, found));
                    }
                }
                found.forEach(message -> events.add(SimpleConditionEvent.violated(type, message)));
            }
        };
    }

    /**
     * The exported types of {@code rootPackage} and the packages below it, {@code internal}
     * packages aside, name no {@link #internalTypes() internal type} in a public or protected
     * signature.
     */
    public static ArchRule noInternalTypeInTheApi(String rootPackage) {
        return classes().that(typesIn(rootPackage)).and(not(internalTypes()).as("are not internal")).and(exportedTypes())
                .should(notExposing(internalTypes()));
    }

    /**
     * No dependency cycle between the packages of {@code rootPackage} (itself included). A
     * package and the {@code internal} packages below it are one slice: an API and its
     * implementation, which works on the API's own types, are one part.
     */
    public static ArchRule noCycles(String rootPackage) {
        return slices().assignedFrom(new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass c) {
                String pkg = c.getPackageName();
                if (!pkg.equals(rootPackage) && !pkg.startsWith(rootPackage + ".")) {
                    return SliceIdentifier.ignore();
                }
                int internal = (pkg + ".").indexOf(".internal.");
                return SliceIdentifier.of(internal < 0 ? pkg : pkg.substring(0, internal));
            }

            @Override
            public String getDescription() {
                return "the packages of " + rootPackage + ", each with its internal packages";
            }
        }).should().beFreeOfCycles();
    }

    private static void collect(String where, JavaType type, DescribedPredicate<? super JavaClass> hidden,
            Set<String> found) {
        for (JavaClass raw : type.getAllInvolvedRawTypes()) {
            if (hidden.test(raw)) {
                found.add(where + " names " + raw.getName());
            }
        }
    }

    private static boolean visible(HasModifiers m) {
        return m.getModifiers().contains(JavaModifier.PUBLIC) || m.getModifiers().contains(JavaModifier.PROTECTED);
    }
}
