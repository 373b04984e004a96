package io.smart402.server.app;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyAllocatorMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyEventExecutorMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.smart402.core.metrics.MeterName;
import io.smart402.server.metrics.ServerMeters;
import io.smart402.shard.node.NodePoolMetrics;
import io.smart402.shard.store.ShardedContractStore;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import reactor.netty.http.HttpResources;
import reactor.netty.resources.LoopResources;
import reactor.netty.tcp.TcpResources;

/**
 * The Prometheus registry and the meters no capability owns: JVM (memory, GC, heap pressure, threads, classes),
 * process and system (CPU, uptime, file descriptors), Netty (allocator, event-loop queues) and every node's R2DBC
 * pool. Everything here is read by gauges at scrape time, on the HTTP event loop, so only binders that read
 * counters or MXBean attributes are bound (no disk-space binder: it would stat a file system per scrape).
 *
 * <p>Netty: Micrometer's netty4 binders on our registry rather than Reactor Netty's {@code .metrics(true, ..)},
 * which publishes to Micrometer's global registry (shared by every server a test JVM starts), duplicates our
 * {@code http.server.requests} as {@code reactor.netty.http.server.*}, and in 1.3.7 finds no allocator
 * metrics for Netty 4.2's default adaptive allocator (reactor-netty#4209). Micrometer's binders register their
 * meters without help text or unit; {@link #prometheusConformance()} adds ours from {@link ServerMeters}.
 */
final class MetricsWiring implements AutoCloseable {

    /** Help texts and base units for third-party meters registered without them. */
    private record Described(MeterName meter, String baseUnit) {
    }

    private static final Map<String, Described> BARE = Map.of(
            ServerMeters.NETTY_ALLOCATOR_MEMORY_USED.name(),
            new Described(ServerMeters.NETTY_ALLOCATOR_MEMORY_USED, "bytes"),
            ServerMeters.NETTY_ALLOCATOR_MEMORY_PINNED.name(),
            new Described(ServerMeters.NETTY_ALLOCATOR_MEMORY_PINNED, "bytes"),
            ServerMeters.NETTY_ALLOCATOR_POOLED_ARENAS.name(),
            new Described(ServerMeters.NETTY_ALLOCATOR_POOLED_ARENAS, null),
            ServerMeters.NETTY_ALLOCATOR_POOLED_CACHE_SIZE.name(),
            new Described(ServerMeters.NETTY_ALLOCATOR_POOLED_CACHE_SIZE, null),
            ServerMeters.NETTY_ALLOCATOR_POOLED_THREADLOCAL_CACHES.name(),
            new Described(ServerMeters.NETTY_ALLOCATOR_POOLED_THREADLOCAL_CACHES, null),
            ServerMeters.NETTY_ALLOCATOR_POOLED_CHUNK_SIZE.name(),
            new Described(ServerMeters.NETTY_ALLOCATOR_POOLED_CHUNK_SIZE, "bytes"),
            ServerMeters.NETTY_EVENT_EXECUTOR_TASKS_PENDING.name(),
            new Described(ServerMeters.NETTY_EVENT_EXECUTOR_TASKS_PENDING, null));

    private final List<AutoCloseable> listeners;

    private MetricsWiring(List<AutoCloseable> listeners) {
        this.listeners = listeners;
    }

    /** A Prometheus registry whose meter filter conforms third-party meters (it must precede every meter). */
    static PrometheusMeterRegistry newRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(prometheusConformance());
        return registry;
    }

    /**
     * Makes the binders' meters pass {@code promtool check metrics}: help text and unit for the bare Netty meters,
     * {@code system.cpu.count} renamed (Prometheus keeps {@code _count} for histograms and summaries), and
     * {@code process.cpu.time} (nanoseconds) dropped for {@link ServerMeters#PROCESS_CPU} in seconds.
     */
    static MeterFilter prometheusConformance() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                if (id.getName().equals(ServerMeters.MICROMETER_SYSTEM_CPU_COUNT)) {
                    return new Meter.Id(ServerMeters.SYSTEM_CPU_AVAILABLE.name(), Tags.of(id.getTagsAsIterable()),
                            id.getBaseUnit(), ServerMeters.SYSTEM_CPU_AVAILABLE.description(), id.getType());
                }
                Described described = BARE.get(id.getName());
                if (described == null || id.getDescription() != null) {
                    return id;
                }
                return new Meter.Id(id.getName(), Tags.of(id.getTagsAsIterable()), described.baseUnit(),
                        described.meter().description(), id.getType());
            }

            @Override
            public MeterFilterReply accept(Meter.Id id) {
                return id.getName().equals(ServerMeters.MICROMETER_PROCESS_CPU_TIME) ? MeterFilterReply.DENY
                        : MeterFilterReply.NEUTRAL;
            }
        };
    }

    /**
     * Binds the JVM, process and Netty binders, and the pool gauges of every node of {@code store}. Blocking
     * (Micrometer's event-loop binder waits for each loop's thread to start, to tag it by name): start-up only.
     */
    static MetricsWiring bind(MeterRegistry registry, ShardedContractStore store) {
        JvmGcMetrics gc = new JvmGcMetrics();
        JvmHeapPressureMetrics heapPressure = new JvmHeapPressureMetrics();
        List<MeterBinder> binders = new ArrayList<>(List.of(new JvmMemoryMetrics(), gc, heapPressure,
                new JvmThreadMetrics(), new ClassLoaderMetrics(), new JvmInfoMetrics(), new ProcessorMetrics(),
                new UptimeMetrics(), new FileDescriptorMetrics(), new NodePoolMetrics(store.pools())));
        // The one allocator of the process: Reactor Netty's server and client and the R2DBC driver set none.
        // Netty 4.2's default (adaptive) sums LongAdders per scrape; with -Dio.netty.allocator.type=pooled the
        // gauges would briefly lock each arena instead.
        if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider allocator) {
            binders.add(new NettyAllocatorMetrics(allocator));
        }
        // The loops HttpServer.create() runs on, and those of TcpClient, which r2dbc-postgresql connects with.
        binders.add(new NettyEventExecutorMetrics(HttpResources.get().onServer(LoopResources.DEFAULT_NATIVE),
                Tags.of("group", "http")));
        binders.add(new NettyEventExecutorMetrics(TcpResources.get().onServer(LoopResources.DEFAULT_NATIVE),
                Tags.of("group", "r2dbc")));
        binders.forEach(binder -> binder.bindTo(registry));
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            ServerMeters.PROCESS_CPU.functionCounter(os, o -> {
                long nanos = o.getProcessCpuTime();
                return nanos < 0 ? Double.NaN : nanos / 1e9;
            }).baseUnit("seconds").register(registry);
        }
        return new MetricsWiring(List.of(gc, heapPressure));
    }

    /** Removes the GC notification listeners (the gauges die with the registry). */
    @Override
    public void close() throws Exception {
        for (AutoCloseable listener : listeners) {
            listener.close();
        }
    }
}
