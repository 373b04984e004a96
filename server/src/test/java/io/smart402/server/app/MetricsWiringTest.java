package io.smart402.server.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.netty4.NettyMeters;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.smart402.server.metrics.ServerMeters;
import org.junit.jupiter.api.Test;

/** The registry's conformance filter, on the binders' own registrations. */
class MetricsWiringTest {

    @Test
    void bareNettyMetersGetOurHelpTextAndUnit() {
        PrometheusMeterRegistry registry = MetricsWiring.newRegistry();
        Gauge.builder(NettyMeters.ALLOCATOR_MEMORY_USED.getName(), () -> 42).tag("memory.type", "direct")
                .register(registry);
        Gauge.builder(NettyMeters.EVENT_EXECUTOR_TASKS_PENDING.getName(), () -> 3).tag("name", "loop-1")
                .register(registry);

        assertThat(registry.scrape())
                .contains("# HELP netty_allocator_memory_used_bytes "
                        + ServerMeters.NETTY_ALLOCATOR_MEMORY_USED.description() + "\n")
                .contains("netty_allocator_memory_used_bytes{memory_type=\"direct\"} 42.0")
                .contains("# HELP netty_eventexecutor_tasks_pending "
                        + ServerMeters.NETTY_EVENT_EXECUTOR_TASKS_PENDING.description() + "\n")
                .contains("netty_eventexecutor_tasks_pending{name=\"loop-1\"} 3.0");
    }

    @Test
    void aDescribedMeterKeepsItsOwnHelpText() {
        PrometheusMeterRegistry registry = MetricsWiring.newRegistry();
        Gauge.builder(NettyMeters.EVENT_EXECUTOR_TASKS_PENDING.getName(), () -> 1).description("their own words")
                .register(registry);

        assertThat(registry.scrape()).contains("# HELP netty_eventexecutor_tasks_pending their own words\n");
    }

    @Test
    void processorMetricsComeOutInPrometheusUnitsAndSuffixes() {
        PrometheusMeterRegistry registry = MetricsWiring.newRegistry();
        new ProcessorMetrics().bindTo(registry);

        String scrape = registry.scrape();

        assertThat(scrape).contains("system_cpu_available " + Runtime.getRuntime().availableProcessors() + ".0")
                .doesNotContain("system_cpu_count").doesNotContain("process_cpu_time");
    }
}
