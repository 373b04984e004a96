package io.smart402.core.architecture;

/**
 * The core module's shape. The embeddable library has no composition root: every time-reading class takes a
 * Clock, and the defaults read Reactor's scheduler time (SchedulerClock), which virtual time replaces.
 */
class ArchitectureTest extends ModuleArchitectureTest {

    @Override
    protected String basePackage() {
        return "io.smart402.core";
    }

    @Override
    protected String metricsHome() {
        return "io/smart402/core/metrics/CoreMeters.java";
    }
}
