package io.smart402.server.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import io.smart402.core.architecture.ModuleArchitectureTest;
import org.junit.jupiter.api.Test;

/** The server module's shape (see {@link ModuleArchitectureTest}), plus its layering. */
class ArchitectureTest extends ModuleArchitectureTest {

    @Override
    protected String basePackage() {
        return "io.smart402.server";
    }

    @Override
    protected String[] systemTimePackages() {
        return new String[] {"io.smart402.server.app.."};
    }

    @Override
    protected String metricsHome() {
        return "io/smart402/server/metrics/ServerMeters.java";
    }

    @Test
    void theServiceLayerKnowsNothingOfHttp() {
        noClasses().that().resideInAPackage("io.smart402.server.service..")
                .should().dependOnClassesThat().resideInAnyPackage("io.smart402.server.http..", "io.netty..",
                        "reactor.netty..")
                .because("outcomes carry domain reasons; only the http package maps them to statuses")
                .check(classes());
    }

    @Test
    void onlyTheHttpPackageBuildsProblems() {
        noClasses().that().resideOutsideOfPackages("io.smart402.server.http..", "io.smart402.server.app..")
                .should().dependOnClassesThat().resideInAPackage("io.smart402.server.http..")
                .because("other packages throw domain exceptions; the composition root alone wires the routes")
                .check(classes());
    }
}
