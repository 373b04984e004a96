package io.smart402.core.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The rules every module checks on its own production classes (see {@link ModuleRules}); a module's
 * {@code ArchitectureTest} extends this and names its package, where it may read the system clock and its
 * metrics home, adding its own rules.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ModuleArchitectureTest {

    private JavaClasses classes;

    /** The module's root package, e.g. {@code io.smart402.core}. */
    protected abstract String basePackage();

    /** The packages that may read the system clock (the composition root); none by default. */
    protected String[] systemTimePackages() {
        return new String[0];
    }

    /** The module's metrics home under {@code src/main/java}, or null when the module names no meters. */
    protected abstract String metricsHome();

    protected JavaClasses classes() {
        return classes;
    }

    @BeforeAll
    void importClasses() {
        classes = ModuleRules.productionClasses();
    }

    @Test
    void packagesHaveNoCycles() {
        ModuleRules.noPackageCycles(classes, basePackage());
    }

    @Test
    void everyClassIsInTheModulesPackage() {
        ModuleRules.onlyInOwnPackage(classes, basePackage());
    }

    @Test
    void onlyTheCompositionRootReadsTheSystemClock() {
        ModuleRules.systemTimeOnlyIn(classes, systemTimePackages());
    }

    @Test
    void meterNamesLiveInTheMetricsHome() {
        ModuleRules.meterNamesOnlyIn(metricsHome());
    }
}
