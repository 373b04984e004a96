package io.smart402.bench.scenario;

import io.smart402.bench.report.Results;
import java.util.List;

/** One bench scenario: starts what it needs, measures, stops what it started. */
public interface Scenario {

    String name();

    String description();

    Results.Scenario run(BenchContext context);

    /** Every scenario, in suite order. */
    static List<Scenario> all() {
        return List.of(new IngestScenario(), new ReadScenario(), new MixedScenario(), new ShardsScenario(),
                new ConcurrencyScenario(), new ReplicationScenario(), new FailoverScenario());
    }
}
