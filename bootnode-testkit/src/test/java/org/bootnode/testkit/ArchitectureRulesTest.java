package org.bootnode.testkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import java.util.Map;
import org.bootnode.testkit.fixture.api.ApiFixtures;
import org.junit.jupiter.api.Test;

class ArchitectureRulesTest {
    static final String API = "org.bootnode.testkit.fixture.api";
    static final String HIDDEN = API + ".internal.Hidden";
    static final JavaClasses FIXTURES = new ClassFileImporter().importPackages("org.bootnode.testkit.fixture");

    @Test
    void everyWayOfShowingAnInternalTypeIsReported() {
        String p = ApiFixtures.class.getName() + "$";
        List<String> expected = List.of(
                p + "ArrayField.field names " + HIDDEN,
                p + "ConstructorParameter.<init>(" + HIDDEN + ") names " + HIDDEN,
                p + "GenericReturn.get() names " + HIDDEN,
                p + "Interface implements names " + HIDDEN + "$Face",
                p + "MethodTypeParameter.take(" + HIDDEN + ") names " + HIDDEN,
                p + "ProtectedNested.field names " + HIDDEN,
                p + "ProtectedParameter.take(" + Map.class.getName() + ") names " + HIDDEN,
                p + "Superclass extends names " + HIDDEN + "$Base",
                p + "Throws.run() names " + HIDDEN + "$Failure",
                p + "TypeParameter has parameter names " + HIDDEN + "$Face");
        assertEquals(expected, violations(ArchitectureRules.noInternalTypeInTheApi(API).evaluate(FIXTURES)));
    }

    @Test
    void onlyTypesAnotherPackageCanReachAreExported() {
        assertTrue(ArchitectureRules.exportedTypes().test(FIXTURES.get(ApiFixtures.class.getName() + "$ProtectedNested")));
        assertFalse(ArchitectureRules.exportedTypes().test(FIXTURES.get(ApiFixtures.class.getName() + "$Unreachable$Inner")));
    }

    @Test
    void internalMeansInOrBelowAPackageNamedInternal() {
        assertTrue(ArchitectureRules.internalTypes().test(FIXTURES.get(HIDDEN)));
        assertTrue(ArchitectureRules.internalTypes().test(FIXTURES.get(HIDDEN + "$Face")));
        assertFalse(ArchitectureRules.internalTypes().test(FIXTURES.get(ApiFixtures.class)));
    }

    @Test
    void aTypeOutsideTheGivenPackagesMayBeNamed() {
        EvaluationResult result = classes().that().haveFullyQualifiedName(ApiFixtures.class.getName() + "$GenericReturn")
                .should(ArchitectureRules.notExposing(ArchitectureRules.typesIn("org.bootnode.testkit.fixture.loop")))
                .evaluate(FIXTURES);
        assertFalse(result.hasViolation(), result.getFailureReport().toString());
    }

    @Test
    void aPackageCycleIsReportedButNotOneWithAnInternalPackage() {
        assertFalse(ArchitectureRules.noCycles(API).evaluate(FIXTURES).hasViolation());
        assertTrue(ArchitectureRules.noCycles("org.bootnode.testkit.fixture").evaluate(FIXTURES).hasViolation());
        assertFalse(ArchitectureRules.noCycles("org.bootnode.testkit.fixture.loop.a").evaluate(FIXTURES).hasViolation(),
                "a package outside the root is no slice");
    }

    private static List<String> violations(EvaluationResult result) {
        return result.getFailureReport().getDetails().stream()
                .map(d -> d.replaceAll(" in \\(.*\\)$", ""))
                .sorted()
                .toList();
    }
}
