package io.smart402.core.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The shape rules every module checks on its own production classes (each module's {@code ArchitectureTest}
 * calls these): no package cycles, no class outside the module's package, time read only by the composition
 * root, meter names only in the module's metrics home.
 */
public final class ModuleRules {

    /**
     * A meter named by a string literal: a Micrometer builder or registry shortcut, or a {@code MeterName}, whose
     * first argument is a literal.
     */
    private static final Pattern METER_NAME = Pattern.compile(
            "(?:(?:Counter|Timer|Gauge|DistributionSummary|FunctionCounter|FunctionTimer|LongTaskTimer)\\.builder"
                    + "|\\.(?:counter|timer|gauge|summary|gaugeCollectionSize|gaugeMapSize|more\\(\\)\\.\\w+)"
                    + "|new MeterName)\\(\\s*(\"[^\"]*\")"
                    // …or a literal shaped like one of our meter names, wherever it is passed (a helper's argument)
                    + "|(\"smart402\\.[a-z0-9_]+\\.[a-z0-9_.]+\")");

    private ModuleRules() {
    }

    /** This module's production classes (surefire runs with the module directory as working directory). */
    public static JavaClasses productionClasses() {
        return new ClassFileImporter().importPath(Path.of("target", "classes"));
    }

    /** No cycle between the packages one level below {@code basePackage} (e.g. {@code io.smart402.core}). */
    public static void noPackageCycles(JavaClasses classes, String basePackage) {
        slices().matching(basePackage + ".(*)..").should().beFreeOfCycles().check(classes);
    }

    /** Every class of this module lives under {@code basePackage}: no split packages across modules. */
    public static void onlyInOwnPackage(JavaClasses classes, String basePackage) {
        classes().should().resideInAPackage(basePackage + "..").check(classes);
    }

    /**
     * Only the classes under {@code allowedPackages} (the composition root) may read the system clock; the rest
     * take a {@link Clock}, so tests can run them on virtual or fake time.
     */
    public static void systemTimeOnlyIn(JavaClasses classes, String... allowedPackages) {
        noClasses().that().resideOutsideOfPackages(allowedPackages)
                .should().callMethod(Clock.class, "systemUTC")
                .orShould().callMethod(Clock.class, "systemDefaultZone")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(Instant.class, "now")
                .because("time is injected (a Clock) everywhere but the composition root")
                .allowEmptyShould(true)
                .check(classes);
    }

    /**
     * Meters are named only in one class per module ({@code metricsHome}, a path under {@code src/main/java}):
     * elsewhere a meter is built from that class's constants, never from a literal name. ArchUnit sees bytecode,
     * not literals, so this reads the sources.
     */
    public static void meterNamesOnlyIn(String metricsHome) {
        Path root = Path.of("src", "main", "java");
        List<String> outside = new ArrayList<>();
        Set<String> home = metricsHome == null ? Set.of() : Set.of(metricsHome);
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String relative = root.relativize(file).toString().replace('\\', '/');
                if (home.contains(relative)) {
                    continue;
                }
                String source = Files.readString(file);
                Matcher m = METER_NAME.matcher(source);
                while (m.find()) {
                    outside.add(relative + ": " + (m.group(1) != null ? m.group(1) : m.group(2)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(outside).as("meter names outside " + (metricsHome == null ? "(none allowed)" : metricsHome))
                .isEmpty();
    }
}
