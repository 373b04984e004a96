package io.smart402.shard.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.smart402.core.architecture.ModuleRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shard-r2dbc module's shape, as executable rules (see {@link ModuleRules}). */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = ModuleRules.productionClasses();
    }

    @Test
    void packagesHaveNoCycles() {
        ModuleRules.noPackageCycles(classes, "io.smart402.shard");
    }

    @Test
    void everyClassIsInTheShardPackage() {
        ModuleRules.onlyInOwnPackage(classes, "io.smart402.shard");
    }

    @Test
    void nothingReadsTheSystemClock() {
        ModuleRules.systemTimeOnlyIn(classes);
    }

    @Test
    void meterNamesLiveInTheMetricsHome() {
        ModuleRules.meterNamesOnlyIn("io/smart402/shard/metrics/ShardMeters.java");
    }
}
