package io.smart402.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.smart402.bench.report.Progress;
import io.smart402.bench.report.Results;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * The load generator: a Reactor Netty {@link HttpClient} driving one target in three modes.
 * <ul>
 *   <li>{@link #closedLoop} — a fixed number of workers, each sending its next request when the previous one
 *       completed: the maximum throughput at that concurrency.</li>
 *   <li>{@link #openLoop} — a constant arrival rate, request {@code i} due at its slot of an
 *       {@link OpenLoopSchedule} whatever happened before; latency counts from the slot (coordinated omission
 *       corrected), and requests that could not even be sent in time are still charged.</li>
 *   <li>{@link #ndjsonBatches} — streaming NDJSON batches ({@code POST /contracts/batch}), each item's latency
 *       from the moment its line was handed to the connection to the moment its result line arrived.</li>
 * </ul>
 */
public final class LoadGenerator implements AutoCloseable {

    /** One request; {@code body} null for a GET. {@code index} is its position in the run. */
    public record Request(HttpMethod method, String uri, byte[] body, String contentType, long index) {

        public static Request get(String uri, long index) {
            return new Request(HttpMethod.GET, uri, null, null, index);
        }

        public static Request postJson(String uri, byte[] body, long index) {
            return new Request(HttpMethod.POST, uri, body, "application/json", index);
        }
    }

    /** The request for index {@code i}; called from one thread at a time in open loop, from many in closed loop. */
    @FunctionalInterface
    public interface Requests {
        Request next(long i);
    }

    /** Told about every completed request (status -1 for a transport error); may be called concurrently. */
    @FunctionalInterface
    public interface Listener {
        void completed(Request request, int status);

        Listener NONE = (r, s) -> { };
    }

    /** Most requests an open-loop run keeps outstanding before it counts new ones as dropped (not sent). */
    static final int MAX_OUTSTANDING = 20_000;

    private final java.util.concurrent.ConcurrentHashMap<Integer, AtomicLong> statuses =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentLinkedQueue<String> errorSamples =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final ConnectionProvider provider;
    private final LoopResources loops;
    private final HttpClient client;
    private final Progress progress;

    public LoadGenerator(String baseUrl, int maxConnections, Progress progress) {
        this.progress = progress;
        this.provider = ConnectionProvider.builder("bench")
                .maxConnections(maxConnections)
                .pendingAcquireMaxCount(-1)
                .pendingAcquireTimeout(Duration.ofSeconds(120))
                .build();
        this.loops = LoopResources.create("bench-client", 2, true);
        this.client = HttpClient.create(provider).runOn(loops).baseUrl(baseUrl).keepAlive(true)
                .responseTimeout(Duration.ofSeconds(60));
    }

    /** Sends one request; emits the status code (the body is read and dropped). */
    public Mono<Integer> exchange(Request r) {
        HttpClient c = r.contentType() == null ? client
                : client.headers(h -> h.set(HttpHeaderNames.CONTENT_TYPE, r.contentType()));
        HttpClient.ResponseReceiver<?> receiver = r.body() == null ? c.request(r.method()).uri(r.uri())
                : c.request(r.method()).uri(r.uri()).send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(r.body())));
        return receiver.responseSingle((res, body) -> body.asByteArray()
                        .doOnNext(bytes -> {
                            if (res.status().code() / 100 != 2) {
                                sample(res.status().code() + " " + new String(bytes, StandardCharsets.UTF_8));
                            }
                        })
                        .then(Mono.just(res.status().code())))
                .doOnNext(code -> statuses.computeIfAbsent(code, k -> new AtomicLong()).incrementAndGet())
                .doOnError(e -> {
                    statuses.computeIfAbsent(-1, k -> new AtomicLong()).incrementAndGet();
                    sample("transport: " + e);
                });
    }

    private void sample(String error) {
        if (errorSamples.size() < 5) {
            errorSamples.add(error.length() > 300 ? error.substring(0, 300) + "..." : error);
        }
    }

    /** Status codes and up to five error samples since the last call (then cleared), for a run's details. */
    private Map<String, Object> drainDiagnostics() {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Long> codes = new java.util.TreeMap<>();
        statuses.forEach((code, n) -> codes.put(code == -1 ? "transport_error" : Integer.toString(code), n.get()));
        statuses.clear();
        if (!codes.isEmpty()) {
            out.put("status_counts", codes);
        }
        if (!errorSamples.isEmpty()) {
            out.put("error_samples", List.copyOf(errorSamples));
            errorSamples.clear();
        }
        return out;
    }

    /** Runs {@code workers} concurrent request loops for {@code duration}, after an unrecorded warm-up. */
    public Results.Run closedLoop(String name, Requests requests, int workers, Duration warmup, Duration duration,
                                  Listener listener, Map<String, Object> details) {
        AtomicLong index = new AtomicLong();
        if (!warmup.isZero()) {
            progress.step(name + " (warm-up)", warmup);
            runClosed(requests, workers, System.nanoTime() + warmup.toNanos(), index, null, Listener.NONE);
        }
        drainDiagnostics();
        long start = System.nanoTime();
        LatencyRecorder recorder = new LatencyRecorder(start);
        progress.step(name, duration);
        try (Ticker ticker = new Ticker(recorder, name)) {
            runClosed(requests, workers, start + duration.toNanos(), index, recorder, listener);
        }
        Map<String, Object> d = new LinkedHashMap<>(details);
        d.put("concurrency", workers);
        return finish(name, "closed", "requests", start, recorder, d);
    }

    private void runClosed(Requests requests, int workers, long deadline, AtomicLong index, LatencyRecorder recorder,
                           Listener listener) {
        Flux.range(0, workers)
                .flatMap(w -> Mono.defer(() -> {
                    Request req = requests.next(index.getAndIncrement());
                    long sent = System.nanoTime();
                    return exchange(req)
                            .doOnNext(status -> {
                                if (recorder != null) {
                                    recorder.record(sent, System.nanoTime());
                                    if (status / 100 == 2) {
                                        recorder.success();
                                    } else {
                                        recorder.error();
                                    }
                                }
                                listener.completed(req, status);
                            })
                            .onErrorResume(e -> {
                                if (recorder != null) {
                                    recorder.error();
                                }
                                listener.completed(req, -1);
                                return Mono.empty();
                            });
                }).repeat(() -> System.nanoTime() < deadline), workers)
                .blockLast(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())).plusMinutes(2));
    }

    /**
     * Sends at {@code rate} requests per second for {@code duration}, then waits up to {@code drain} for the
     * outstanding ones (those still open after it count as errors).
     */
    public Results.Run openLoop(String name, Requests requests, double rate, Duration duration, Duration drain,
                                Listener listener, Map<String, Object> details) {
        drainDiagnostics();
        OpenLoopSchedule schedule = new OpenLoopSchedule(System.nanoTime() + 10_000_000L, rate);
        long total = schedule.count(duration.toNanos() / 1e9);
        LatencyRecorder recorder = new LatencyRecorder(schedule.startNanos());
        AtomicInteger outstanding = new AtomicInteger();
        AtomicLong dropped = new AtomicLong();
        AtomicLong lateSends = new AtomicLong();
        progress.step(name, duration);
        try (Ticker ticker = new Ticker(recorder, name)) {
            for (long i = 0; i < total; i++) {
                long due = schedule.intendedStart(i);
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(Math.min(wait, 200_000));
                }
                if (-wait > 1_000_000) {
                    lateSends.incrementAndGet();
                }
                if (outstanding.get() >= MAX_OUTSTANDING) {
                    dropped.incrementAndGet();
                    recorder.error();
                    continue;
                }
                Request req = requests.next(i);
                outstanding.incrementAndGet();
                exchange(req).subscribe(
                        status -> {
                            recorder.record(due, System.nanoTime());
                            if (status / 100 == 2) {
                                recorder.success();
                            } else {
                                recorder.error();
                            }
                            outstanding.decrementAndGet();
                            listener.completed(req, status);
                        },
                        e -> {
                            recorder.record(due, System.nanoTime());
                            recorder.error();
                            outstanding.decrementAndGet();
                            listener.completed(req, -1);
                        });
            }
            long drainUntil = System.nanoTime() + drain.toNanos();
            while (outstanding.get() > 0 && System.nanoTime() < drainUntil) {
                LockSupport.parkNanos(5_000_000);
            }
        }
        long unfinished = outstanding.get();
        for (long u = 0; u < unfinished; u++) {
            recorder.error();
        }
        Map<String, Object> d = new LinkedHashMap<>(details);
        d.put("offered_rate", rate);
        d.put("scheduled", total);
        d.put("dropped_not_sent", dropped.get());
        d.put("unfinished_after_drain", unfinished);
        d.put("sent_more_than_1ms_late", lateSends.get());
        return finish(name, "open", "requests", schedule.startNanos(), recorder, d);
    }

    /**
     * {@code streams} concurrent NDJSON batch uploads of {@code perBatch} contracts each, back to back, for
     * {@code duration}; throughput is contracts per second, latency per contract.
     */
    public Results.Run ndjsonBatches(String name, ContractBodies bodies, long firstIndex, int streams, int perBatch,
                                     Duration warmup, Duration duration, Map<String, Object> details) {
        return ndjsonBatches(name, bodies, firstIndex, streams, perBatch, warmup, duration, details, () -> { });
    }

    /** As above; {@code atMeasureStart} runs once the warm-up is over, just before the measured part begins. */
    public Results.Run ndjsonBatches(String name, ContractBodies bodies, long firstIndex, int streams, int perBatch,
                                     Duration warmup, Duration duration, Map<String, Object> details,
                                     Runnable atMeasureStart) {
        return ndjsonBatches(name, bodies, firstIndex, streams, perBatch, warmup, warmup, () -> true, duration,
                details, atMeasureStart);
    }

    /**
     * As above, with a warm-up of {@code warmup} repeated until {@code warm} says the target is warm (asked after
     * each slice) or {@code maxWarmup} has passed; the run's details hold how long it warmed.
     */
    public Results.Run ndjsonBatches(String name, ContractBodies bodies, long firstIndex, int streams, int perBatch,
                                     Duration warmup, Duration maxWarmup, BooleanSupplier warm, Duration duration,
                                     Map<String, Object> details, Runnable atMeasureStart) {
        AtomicLong next = new AtomicLong(firstIndex);
        long warmupStart = System.nanoTime();
        if (!warmup.isZero()) {
            do {
                progress.step(name + " (warm-up)", warmup);
                runBatches(bodies, next, streams, perBatch, System.nanoTime() + warmup.toNanos(), null,
                        new AtomicLong());
            } while (System.nanoTime() - warmupStart < maxWarmup.toNanos() && !warm.getAsBoolean());
        }
        double warmedSeconds = (System.nanoTime() - warmupStart) / 1e9;
        drainDiagnostics();
        atMeasureStart.run();
        long start = System.nanoTime();
        LatencyRecorder recorder = new LatencyRecorder(start);
        AtomicLong batches = new AtomicLong();
        progress.step(name, duration);
        try (Ticker ticker = new Ticker(recorder, name)) {
            runBatches(bodies, next, streams, perBatch, start + duration.toNanos(), recorder, batches);
        }
        Map<String, Object> d = new LinkedHashMap<>(details);
        d.put("streams", streams);
        d.put("contracts_per_batch", perBatch);
        d.put("batches", batches.get());
        if (maxWarmup.compareTo(warmup) > 0) {
            d.put("warmup_seconds", Math.round(warmedSeconds * 10) / 10.0);
        }
        return finish(name, "batch", "contracts", start, recorder, d);
    }

    private void runBatches(ContractBodies bodies, AtomicLong next, int streams, int perBatch, long deadline,
                            LatencyRecorder recorder, AtomicLong batches) {
        Flux.range(0, streams)
                .flatMap(w -> Mono.defer(() -> oneBatch(bodies, next.getAndAdd(perBatch), perBatch, recorder, deadline)
                        .doOnSuccess(v -> batches.incrementAndGet()))
                        .repeat(() -> System.nanoTime() < deadline), streams)
                .blockLast(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())).plusMinutes(5));
    }

    private Mono<Void> oneBatch(ContractBodies bodies, long first, int count, LatencyRecorder recorder) {
        return oneBatch(bodies, first, count, recorder, Long.MAX_VALUE);
    }

    /**
     * One batch request. The body is streamed with at most {@link #STREAM_WINDOW} contracts sent and not yet
     * answered (a client that keeps its upload just ahead of the results, as the server's backpressure invites),
     * and stops adding lines once {@code deadline} has passed, so runs end on time.
     */
    private Mono<Void> oneBatch(ContractBodies bodies, long first, int count, LatencyRecorder recorder,
                                long deadline) {
        AtomicLongArray sentAt = new AtomicLongArray(count);
        AtomicInteger results = new AtomicInteger();
        StreamWindow window = new StreamWindow(bodies, first, count, deadline, sentAt, results);
        AtomicInteger sent = window.sent;
        Flux<ByteBuf> body = Flux.create(window::attach);
        StringBuilder pending = new StringBuilder();
        return client
                .headers(h -> h.set(HttpHeaderNames.CONTENT_TYPE, "application/x-ndjson")
                        .set(HttpHeaderNames.ACCEPT, "application/x-ndjson"))
                .post().uri("/contracts/batch?view=summary")
                .send(body)
                // Result lines arrive split across chunks: reassemble them (only ASCII fields are read).
                .response((res, content) -> content.asString(StandardCharsets.ISO_8859_1).doOnNext(chunk -> {
                    long now = System.nanoTime();
                    pending.append(chunk);
                    int newline;
                    while ((newline = pending.indexOf("\n")) >= 0) {
                        String line = pending.substring(0, newline);
                        pending.delete(0, newline + 1);
                        if (!line.isBlank()) {
                            onResultLine(line, now, count, sentAt, results, recorder);
                            window.pump();
                        }
                    }
                }))
                .then()
                .onErrorResume(e -> {
                    sample("batch: " + e);
                    if (recorder != null) {
                        for (int k = results.get(); k < sent.get(); k++) {
                            recorder.error();
                        }
                    }
                    return Mono.empty();
                });
    }

    /** Writes contracts {@code first .. first+count-1} as NDJSON batches (unrecorded); returns how many were stored. */
    public long preload(ContractBodies bodies, long first, int count, int streams, int perBatch) {
        progress.step("preloading " + count + " contracts", Duration.ZERO);
        LatencyRecorder recorder = new LatencyRecorder(System.nanoTime());
        int batches = (count + perBatch - 1) / perBatch;
        Flux.range(0, batches)
                .flatMap(b -> oneBatch(bodies, first + (long) b * perBatch, Math.min(perBatch, count - b * perBatch),
                        recorder), streams)
                .blockLast(Duration.ofMinutes(10));
        drainDiagnostics();
        return recorder.successes();
    }

    private void onResultLine(String line, long now, int count, AtomicLongArray sentAt, AtomicInteger results,
                              LatencyRecorder recorder) {
        results.incrementAndGet();
        if (recorder == null) {
            return;
        }
        int line0 = lineNumber(line) - 1;
        if (line0 >= 0 && line0 < count) {
            recorder.record(sentAt.get(line0), now);
        }
        if (line.contains("\"status\":\"processed\"")) {
            recorder.success();
        } else {
            recorder.error();
            sample(line);
        }
    }

    /** Contracts sent but not yet answered, per NDJSON stream. */
    public static final int STREAM_WINDOW = 64;

    /** Emits a batch's lines on demand while fewer than {@link #STREAM_WINDOW} are unanswered. */
    private static final class StreamWindow {
        private final ContractBodies bodies;
        private final long first;
        private final int count;
        private final long deadline;
        private final AtomicLongArray sentAt;
        private final AtomicInteger results;
        final AtomicInteger sent = new AtomicInteger();
        private reactor.core.publisher.FluxSink<ByteBuf> sink;
        private long demand;
        private boolean done;

        StreamWindow(ContractBodies bodies, long first, int count, long deadline, AtomicLongArray sentAt,
                     AtomicInteger results) {
            this.bodies = bodies;
            this.first = first;
            this.count = count;
            this.deadline = deadline;
            this.sentAt = sentAt;
            this.results = results;
        }

        synchronized void attach(reactor.core.publisher.FluxSink<ByteBuf> sink) {
            this.sink = sink;
            sink.onRequest(n -> {
                synchronized (this) {
                    demand = reactor.core.publisher.Operators.addCap(demand, n);
                }
                pump();
            });
        }

        synchronized void pump() {
            if (sink == null || done) {
                return;
            }
            while (demand > 0 && sent.get() < count && sent.get() - results.get() < STREAM_WINDOW
                    && (sent.get() == 0 || System.nanoTime() < deadline)) {
                int k = sent.getAndIncrement();
                sentAt.set(k, System.nanoTime());
                demand--;
                sink.next(Unpooled.wrappedBuffer(bodies.ndjsonLine(first + k)));
            }
            if (sent.get() == count || (sent.get() > 0 && System.nanoTime() >= deadline)) {
                done = true;
                sink.complete();
            }
        }
    }

    static int lineNumber(String resultLine) {
        int at = resultLine.indexOf("\"line\":");
        if (at < 0) {
            return -1;
        }
        int n = 0;
        for (int i = at + 7; i < resultLine.length() && Character.isDigit(resultLine.charAt(i)); i++) {
            n = n * 10 + (resultLine.charAt(i) - '0');
        }
        return n;
    }

    private Results.Run finish(String name, String mode, String unit, long start, LatencyRecorder recorder,
                               Map<String, Object> given) {
        Map<String, Object> details = new LinkedHashMap<>(given);
        details.putAll(drainDiagnostics());
        double seconds = (System.nanoTime() - start) / 1e9;
        var total = recorder.total();
        long ok = recorder.successes();
        return new Results.Run(name, mode, unit, ok / seconds, ok + recorder.errors(), recorder.errors(), seconds,
                LatencyRecorder.latency(total), recorder.timeline(), details);
    }

    /** Closes a one-second interval of the recorder every second and shows it on the progress bar. */
    private final class Ticker implements AutoCloseable {
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-ticker");
            t.setDaemon(true);
            return t;
        });
        private final LatencyRecorder recorder;

        Ticker(LatencyRecorder recorder, String name) {
            this.recorder = recorder;
            timer.scheduleAtFixedRate(() -> {
                recorder.tick(System.nanoTime());
                var points = recorder.timeline();
                if (!points.isEmpty()) {
                    Results.Point p = points.get(points.size() - 1);
                    progress.status(String.format("%,.0f/s  p99 %.1f ms  errors %d", p.throughput(), p.p99(),
                            recorder.errors()));
                }
            }, 1, 1, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            timer.shutdownNow();
            try {
                timer.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            recorder.tick(System.nanoTime());
        }
    }

    @Override
    public void close() {
        provider.disposeLater().block(Duration.ofSeconds(10));
        loops.disposeLater().block(Duration.ofSeconds(10));
    }
}
