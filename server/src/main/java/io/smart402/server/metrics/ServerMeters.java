package io.smart402.server.metrics;

import io.micrometer.core.instrument.binder.netty4.NettyMeters;
import io.smart402.core.metrics.MeterName;

/**
 * Every meter the server publishes besides the libraries' own: the one place its names are written. Also the help
 * texts of the meters that Micrometer's Netty binders register without one (their names are Micrometer's).
 */
public final class ServerMeters {

    public static final MeterName HTTP_REQUESTS = new MeterName("http.server.requests",
            "HTTP exchanges by method, route template and status");
    public static final MeterName HTTP_REQUESTS_ACTIVE = new MeterName("http.server.requests.active",
            "HTTP exchanges in progress");
    public static final MeterName CONTRACT_PROCESSING = new MeterName("smart402.contract.processing",
            "Time from a contract's submission to its outcome: stored, or refused as invalid, by a phase or by the "
                    + "store (the original's contract_processing_time)");
    public static final MeterName CONTRACTS_INVALID = new MeterName("smart402.contracts.invalid",
            "Contracts refused by validation or decoding");
    public static final MeterName CONTRACTS_STORED = new MeterName("smart402.contracts.stored",
            "Contracts committed on their shard primary");
    public static final MeterName DEAD_LETTERS = new MeterName("smart402.dead.letters",
            "Dead letters kept (this server's count)");
    public static final MeterName DEAD_LETTERS_REPLAYED = new MeterName("smart402.dead.letters.replayed",
            "Dead letters written on replay");
    public static final MeterName GATEWAY_RETRIES = new MeterName("smart402.gateway.retries",
            "Requests the gateway sent again to another backend (connect failures; GET and HEAD failures)");
    public static final MeterName GATEWAY_RETRY_BUDGET_EXHAUSTED = new MeterName(
            "smart402.gateway.retry.budget.exhausted", "Retries the gateway's retry budget refused");
    public static final MeterName FEED_SUBSCRIBERS = new MeterName("smart402.feed.subscribers",
            "Change feeds (GET /contracts/changes) open on this server");
    public static final MeterName FEED_EVENTS = new MeterName("smart402.feed.events",
            "Change feed events sent, by kind (created, updated, partial, resumed)");

    // Netty (Micrometer's netty4 binders, described by the server's meter filter)
    public static final MeterName NETTY_ALLOCATOR_MEMORY_USED = new MeterName(
            NettyMeters.ALLOCATOR_MEMORY_USED.getName(), "Memory held by Netty's buffer allocator, by memory type");
    public static final MeterName NETTY_ALLOCATOR_MEMORY_PINNED = new MeterName(
            NettyMeters.ALLOCATOR_MEMORY_PINNED.getName(),
            "Memory of the pooled allocator's buffers in use, by memory type (pooled allocator only)");
    public static final MeterName NETTY_ALLOCATOR_POOLED_ARENAS = new MeterName(
            NettyMeters.ALLOCATOR_POOLED_ARENAS.getName(), "Arenas of the pooled allocator, by memory type");
    public static final MeterName NETTY_ALLOCATOR_POOLED_CACHE_SIZE = new MeterName(
            NettyMeters.ALLOCATOR_POOLED_CACHE_SIZE.getName(),
            "Size of the pooled allocator's thread-local caches, by cache type");
    public static final MeterName NETTY_ALLOCATOR_POOLED_THREADLOCAL_CACHES = new MeterName(
            NettyMeters.ALLOCATOR_POOLED_THREADLOCAL_CACHES.getName(), "Thread-local caches of the pooled allocator");
    public static final MeterName NETTY_ALLOCATOR_POOLED_CHUNK_SIZE = new MeterName(
            NettyMeters.ALLOCATOR_POOLED_CHUNK_SIZE.getName(), "Chunk size of the pooled allocator");
    public static final MeterName NETTY_EVENT_EXECUTOR_TASKS_PENDING = new MeterName(
            NettyMeters.EVENT_EXECUTOR_TASKS_PENDING.getName(), "Tasks waiting in one Netty event loop's queue");

    // Micrometer's processor binder, made Prometheus-conformant by the server's meter filter
    /** Micrometer's process CPU time, in nanoseconds (an abbreviated unit to Prometheus): replaced by PROCESS_CPU. */
    public static final String MICROMETER_PROCESS_CPU_TIME = "process.cpu.time";
    /** Micrometer's processor count: a gauge named *_count, a suffix Prometheus keeps for histograms. */
    public static final String MICROMETER_SYSTEM_CPU_COUNT = "system.cpu.count";
    public static final MeterName PROCESS_CPU = new MeterName("process.cpu", "CPU time used by the JVM process");
    public static final MeterName SYSTEM_CPU_AVAILABLE = new MeterName("system.cpu.available",
            "Processors available to the JVM");

    private ServerMeters() {
    }
}
