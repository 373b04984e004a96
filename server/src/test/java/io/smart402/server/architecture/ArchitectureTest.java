package io.smart402.server.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.smart402.core.architecture.ModuleRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The server module's shape, as executable rules (see {@link ModuleRules}). */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = ModuleRules.productionClasses();
    }

    @Test
    void packagesHaveNoCycles() {
        ModuleRules.noPackageCycles(classes, "io.smart402.server");
    }

    @Test
    void theServiceLayerKnowsNothingOfHttp() {
        noClasses().that().resideInAPackage("io.smart402.server.service..")
                .should().dependOnClassesThat().resideInAnyPackage("io.smart402.server.http..", "io.netty..",
                        "reactor.netty..")
                .because("outcomes carry domain reasons; only the http package maps them to statuses")
                .check(classes);
    }

    @Test
    void onlyTheHttpPackageBuildsProblems() {
        noClasses().that().resideOutsideOfPackages("io.smart402.server.http..", "io.smart402.server.app..")
                .should().dependOnClassesThat().resideInAPackage("io.smart402.server.http..")
                .because("other packages throw domain exceptions; the composition root alone wires the routes")
                .check(classes);
    }

    @Test
    void everyClassIsInTheServerPackage() {
        ModuleRules.onlyInOwnPackage(classes, "io.smart402.server");
    }

    @Test
    void onlyTheCompositionRootReadsTheSystemClock() {
        ModuleRules.systemTimeOnlyIn(classes, "io.smart402.server.app..");
    }

    @Test
    void meterNamesLiveInTheMetricsHome() {
        ModuleRules.meterNamesOnlyIn("io/smart402/server/metrics/ServerMeters.java");
    }
}
