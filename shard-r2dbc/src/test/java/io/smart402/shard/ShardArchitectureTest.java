package io.smart402.shard;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.smart402.core.architecture.ModuleRules;
import org.junit.jupiter.api.Test;

/**
 * The shape of the storage module (issue #10): no package cycles (store, node, replication and sql used to be
 * one tangle), its own package only. Meter names live in {@code metrics/ShardMeters}, but the source rule also
 * matches the launcher's {@code "smart402.port"} file name, so it is not run here yet.
 */
class ShardArchitectureTest {

    private final JavaClasses classes = ModuleRules.productionClasses();

    @Test
    void noPackageCycles() {
        ModuleRules.noPackageCycles(classes, "io.smart402.shard");
    }

    @Test
    void everyClassInTheModulesPackage() {
        ModuleRules.onlyInOwnPackage(classes, "io.smart402.shard");
    }
}
