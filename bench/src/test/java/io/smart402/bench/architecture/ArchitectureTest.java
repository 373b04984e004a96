package io.smart402.bench.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.smart402.core.architecture.ModuleRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bench module's shape: its own package only (it reads wall time on purpose: it measures it). */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = ModuleRules.productionClasses();
    }

    @Test
    void packagesHaveNoCycles() {
        ModuleRules.noPackageCycles(classes, "io.smart402.bench");
    }

    @Test
    void everyClassIsInTheBenchPackage() {
        ModuleRules.onlyInOwnPackage(classes, "io.smart402.bench");
    }
}
