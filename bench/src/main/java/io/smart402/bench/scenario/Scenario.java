package io.smart402.bench.scenario;

import io.smart402.bench.report.Results;
import java.util.List;

/** One bench scenario: starts what it needs, measures, stops what it started. */
public abstract class Scenario {

    private final String name;
    private final String description;

    protected Scenario(String name, String description) {
        this.name = name;
        this.description = description;
    }

    public final String name() {
        return name;
    }

    public final String description() {
        return description;
    }

    /** Runs the scenario and returns its section of the results. */
    public final Results.Scenario run(BenchContext context) {
        Results.ScenarioBuilder results = new Results.ScenarioBuilder(name, description);
        measure(context, context.profile(), results);
        return results.build();
    }

    /** Measures into {@code results}: parameters, runs, baselines, ratios and goals. */
    protected abstract void measure(BenchContext context, Profile profile, Results.ScenarioBuilder results);

    /** Every scenario, in suite order. */
    public static List<Scenario> all() {
        return List.of(new IngestScenario(), new ReadScenario(), new MixedScenario(), new ShardsScenario(),
                new ConcurrencyScenario(), new ReplicationScenario(), new FailoverScenario());
    }
}
