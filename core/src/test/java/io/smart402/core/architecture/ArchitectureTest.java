package io.smart402.core.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The core module's shape, as executable rules (see {@link ModuleRules}). */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = ModuleRules.productionClasses();
    }

    @Test
    void packagesHaveNoCycles() {
        ModuleRules.noPackageCycles(classes, "io.smart402.core");
    }

    @Test
    void everyClassIsInTheCorePackage() {
        ModuleRules.onlyInOwnPackage(classes, "io.smart402.core");
    }

    @Test
    void nothingReadsTheSystemClock() {
        // The embeddable library has no composition root: every time-reading class takes a Clock, and the
        // defaults read Reactor's scheduler time (SchedulerClock), which virtual time replaces.
        ModuleRules.systemTimeOnlyIn(classes);
    }

    @Test
    void meterNamesLiveInTheMetricsHome() {
        ModuleRules.meterNamesOnlyIn("io/smart402/core/metrics/CoreMeters.java");
    }
}
