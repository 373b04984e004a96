package io.smart402.shard.architecture;

import io.smart402.core.architecture.ModuleArchitectureTest;

/** The shard-r2dbc module's shape (see {@link ModuleArchitectureTest}). */
class ArchitectureTest extends ModuleArchitectureTest {

    @Override
    protected String basePackage() {
        return "io.smart402.shard";
    }

    @Override
    protected String metricsHome() {
        return "io/smart402/shard/metrics/ShardMeters.java";
    }
}
