package io.smart402.bench.architecture;

import io.smart402.core.architecture.ModuleArchitectureTest;

/** The bench module's shape: it measures wall time on purpose, and publishes no meters of its own. */
class ArchitectureTest extends ModuleArchitectureTest {

    @Override
    protected String basePackage() {
        return "io.smart402.bench";
    }

    @Override
    protected String[] systemTimePackages() {
        return new String[] {"io.smart402.bench.."};
    }

    @Override
    protected String metricsHome() {
        return null;
    }
}
