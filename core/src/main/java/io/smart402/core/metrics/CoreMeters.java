package io.smart402.core.metrics;

/** Every meter the core library publishes: the one place its names and help texts are written. */
public final class CoreMeters {

    // Pipeline
    public static final MeterName CONTRACTS_PROCESSED = new MeterName("smart402.contracts.processed",
            "Contracts that went through all four phases");
    public static final MeterName CONTRACTS_FAILED = new MeterName("smart402.contracts.failed",
            "Contracts whose processing failed in a phase");
    public static final MeterName PIPELINE_IN_FLIGHT = new MeterName("smart402.pipeline.in.flight",
            "Contracts in the phases now");
    public static final MeterName PHASE_DURATION = new MeterName("smart402.phase.duration",
            "CPU time of one phase for one contract");

    // Caches
    public static final MeterName CACHE_HITS = new MeterName("smart402.cache.hits", "Lookups answered by the level");
    public static final MeterName CACHE_MISSES = new MeterName("smart402.cache.misses",
            "Lookups the level could not answer");
    public static final MeterName CACHE_REQUESTS = new MeterName("smart402.cache.requests",
            "Cache reads: hit when a level answered, miss when the loader ran (or was joined)");
    public static final MeterName CACHE_LOAD_FAILURES = new MeterName("smart402.cache.load.failures",
            "Loader calls that failed");
    public static final MeterName CACHE_EVICTIONS = new MeterName("smart402.cache.evictions", "Entries evicted for size");
    public static final MeterName CACHE_SIZE = new MeterName("smart402.cache.size", "Entries held");
    public static final MeterName CACHE_LOAD = new MeterName("smart402.cache.load",
            "Loader latency (the miss path's source)");
    public static final MeterName CACHE_HIT_LATENCY = new MeterName("cache.hit.latency",
            "Latency of reads answered by L1 or L2");
    public static final MeterName CACHE_MISS_LATENCY = new MeterName("cache.miss.latency",
            "Latency of reads that needed the loader");
    public static final MeterName CACHE_L2_UNAVAILABLE = new MeterName("smart402.cache.l2.unavailable",
            "L2 (Redis) calls that failed, timed out or were refused by the open breaker");

    // Rate limiting
    public static final MeterName RATELIMIT_KEYS = new MeterName("smart402.ratelimit.keys",
            "Clients tracked by the local limiter");
    public static final MeterName RATELIMIT_DECISIONS = new MeterName("smart402.ratelimit.decisions",
            "Rate-limit decisions");
    public static final MeterName RATELIMIT_FALLBACK = new MeterName("smart402.ratelimit.fallback",
            "Decisions made without Redis (error, timeout or open breaker)");

    // Priority admission
    public static final MeterName PRIORITY_ADMITTED = new MeterName("smart402.priority.admitted",
            "Work admitted through the priority gate");
    public static final MeterName PRIORITY_REJECTED = new MeterName("smart402.priority.rejected",
            "Work refused: the waiting room was full");
    public static final MeterName PRIORITY_WAIT = new MeterName("smart402.priority.wait",
            "Time spent waiting for a permit");
    public static final MeterName PRIORITY_WAITING = new MeterName("smart402.priority.waiting",
            "Work waiting for a permit");
    public static final MeterName PRIORITY_IN_FLIGHT = new MeterName("smart402.priority.in.flight", "Permits held");

    // Dead letters
    public static final MeterName DEAD_LETTERS_WRITTEN = new MeterName("smart402.dead.letters.written",
            "Dead letters saved");
    public static final MeterName DEAD_LETTERS_WRITE_FAILURES = new MeterName("smart402.dead.letters.write.failures",
            "Dead letters that could not be saved");

    // Circuit breakers (state, failure rate and call counts are bound by resilience4j-micrometer under these names)
    public static final MeterName CIRCUIT_BREAKER_STATE = new MeterName("smart402.circuit.breaker.state",
            "1 for the breaker's current state, 0 for the others");
    public static final MeterName CIRCUIT_BREAKER_FAILURE_RATE = new MeterName("smart402.circuit.breaker.failure.rate",
            "Percent of failed calls in the breaker's window (-1 until it has the minimum calls)");
    public static final MeterName CIRCUIT_BREAKER_SLOW_CALL_RATE = new MeterName(
            "smart402.circuit.breaker.slow.call.rate", "Percent of slow calls in the breaker's window");
    public static final MeterName CIRCUIT_BREAKER_BUFFERED_CALLS = new MeterName(
            "smart402.circuit.breaker.buffered.calls", "Calls in the breaker's window, by outcome");
    public static final MeterName CIRCUIT_BREAKER_SLOW_CALLS = new MeterName("smart402.circuit.breaker.slow.calls",
            "Slow calls in the breaker's window, by outcome");
    public static final MeterName CIRCUIT_BREAKER_CALLS = new MeterName("smart402.circuit.breaker.calls",
            "Calls through the breaker, by outcome");
    public static final MeterName CIRCUIT_BREAKER_NOT_PERMITTED_CALLS = new MeterName(
            "smart402.circuit.breaker.not.permitted.calls", "Calls refused by the breaker (Resilience4j's count)");
    public static final MeterName CIRCUIT_BREAKER_TRANSITIONS = new MeterName("smart402.circuit.breaker.transitions",
            "Breaker state changes");
    public static final MeterName CIRCUIT_BREAKER_REJECTED_CALLS = new MeterName(
            "smart402.circuit.breaker.rejected.calls", "Calls refused by an open breaker");

    // Retries
    public static final MeterName RETRIES = new MeterName("smart402.retries", "Retry attempts");
    public static final MeterName RETRIES_EXHAUSTED = new MeterName("smart402.retries.exhausted",
            "Operations that failed after every allowed retry");

    // Load balancer (tags: balancer, backend)
    public static final MeterName BALANCER_REQUESTS = new MeterName("smart402.balancer.requests",
            "Calls sent to a backend, by outcome (success, failure, cancelled)");
    public static final MeterName BALANCER_OUTSTANDING = new MeterName("smart402.balancer.outstanding",
            "Calls in flight on a backend");
    public static final MeterName BALANCER_LATENCY = new MeterName("smart402.balancer.latency",
            "Latency of calls a backend answered (success or failure)");
    public static final MeterName BALANCER_EJECTIONS = new MeterName("smart402.balancer.ejections",
            "Times a backend was ejected by passive outlier detection");
    public static final MeterName BALANCER_STATE = new MeterName("smart402.balancer.state",
            "1 for the backend's current state (healthy, warming, ejected, unhealthy, draining), 0 for the others");
    public static final MeterName BALANCER_UNAVAILABLE = new MeterName("smart402.balancer.unavailable",
            "Calls refused because no backend was eligible (tag: balancer)");

    // Auto scaler (tag: scaler; the metric meters also: metric)
    public static final MeterName AUTOSCALER_CURRENT_INSTANCES = new MeterName(
            "smart402.autoscaler.current.instances", "Instances running now, as the scaler's actuator reports them");
    public static final MeterName AUTOSCALER_DESIRED_INSTANCES = new MeterName(
            "smart402.autoscaler.desired.instances",
            "Instances the scaler wants (what an HPA or KEDA trigger follows)");
    public static final MeterName AUTOSCALER_SCALE_UP_EVENTS = new MeterName("smart402.autoscaler.scale.up.events",
            "Decisions that raised the instance count");
    public static final MeterName AUTOSCALER_SCALE_DOWN_EVENTS = new MeterName(
            "smart402.autoscaler.scale.down.events", "Decisions that lowered the instance count");
    public static final MeterName AUTOSCALER_METRIC = new MeterName("smart402.autoscaler.metric",
            "Last value of a metric the scaler follows (NaN when it had none)");
    public static final MeterName AUTOSCALER_PROPOSED_INSTANCES = new MeterName(
            "smart402.autoscaler.proposed.instances", "Instances one metric asked for in the last decision");

    // Adaptive concurrency limits (tag: limiter)
    public static final MeterName CONCURRENCY_LIMIT = new MeterName("smart402.concurrency.limit",
            "Current concurrency limit (adaptive limits move it with measured latency)");

    private CoreMeters() {
    }
}
