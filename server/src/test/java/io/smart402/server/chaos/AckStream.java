package io.smart402.server.chaos;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.core.ConditionTimeoutException;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Streams generated contracts as one NDJSON batch and records every success event: the acknowledged id, the
 * version it was acknowledged with and its shard. Runs asynchronously so the test can inject faults.
 */
final class AckStream {

    /** One acknowledged contract. */
    record Ack(long version, String shard) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    final Map<String, Ack> acked = new ConcurrentHashMap<>();
    final AtomicLong problems = new AtomicLong();
    final AtomicLong events = new AtomicLong();
    /** Every line number that got an event of its own. */
    final java.util.Set<Long> lines = ConcurrentHashMap.newKeySet();
    /** Problem events by problem type (the last path segment), e.g. {@code draining}. */
    final Map<String, AtomicLong> problemTypes = new ConcurrentHashMap<>();
    /** The first line a draining server handed back unread (every later line with it), or 0. */
    final AtomicLong unreadFromLine = new AtomicLong();
    private volatile Throwable error;
    private volatile boolean done;
    private Disposable subscription;

    static String line(String prefix, int n) {
        return "{\"id\":\"" + prefix + n + "\",\"type\":\"payment\",\"amount\":" + (n % 9000 + 1)
                + ",\"parties\":[\"buyer-" + n + "\",\"seller-" + n + "\"],\"description\":\"Chaos contract " + n + "\"}";
    }

    AckStream start(String baseUrl, String prefix, int total) {
        Flux<ByteBuf> body = Flux.range(1, total)
                .map(n -> Unpooled.copiedBuffer(line(prefix, n) + "\n", StandardCharsets.UTF_8));
        StringBuilder partial = new StringBuilder();
        subscription = HttpClient.create().baseUrl(baseUrl).responseTimeout(Duration.ofMinutes(5))
                .headers(h -> h.set("Content-Type", "application/x-ndjson").set("Accept", "application/x-ndjson"))
                .post().uri("/contracts/batch?view=summary")
                .send(body)
                .responseContent().asString(StandardCharsets.UTF_8)
                .concatMapIterable(chunk -> {
                    partial.append(chunk);
                    java.util.List<String> lines = new java.util.ArrayList<>();
                    int nl;
                    while ((nl = partial.indexOf("\n")) >= 0) {
                        lines.add(partial.substring(0, nl));
                        partial.delete(0, nl + 1);
                    }
                    return lines;
                })
                .doOnNext(this::record)
                .then(Mono.fromRunnable(() -> done = true))
                .subscribe(v -> { }, e -> {
                    error = e;
                    done = true;
                });
        return this;
    }

    private void record(String line) {
        try {
            JsonNode event = JSON.readTree(line);
            events.incrementAndGet();
            JsonNode problem = event.path("problem");
            if (problem.has("unreadFromLine")) {
                unreadFromLine.set(problem.get("unreadFromLine").longValue());
            } else {
                lines.add(event.get("line").longValue());
            }
            if (problem.has("type")) {
                String type = problem.get("type").textValue();
                problemTypes.computeIfAbsent(type.substring(type.lastIndexOf('/') + 1), t -> new AtomicLong())
                        .incrementAndGet();
            }
            if ("processed".equals(event.path("status").textValue())) {
                acked.put(event.get("id").textValue(),
                        new Ack(event.get("version").longValue(), event.get("shard").textValue()));
            } else if (problems.incrementAndGet() <= 3) {
                System.out.println("problem event: " + line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Blocks the test thread until at least {@code n} contracts are acknowledged or the stream ended. */
    void awaitAcks(long n, Duration timeout) {
        awaitQuietly(() -> acked.size() >= n || done, timeout, Duration.ofMillis(5));
    }

    void awaitDone(Duration timeout) {
        awaitQuietly(() -> done, timeout, Duration.ofMillis(20));
    }

    private static void awaitQuietly(Callable<Boolean> condition, Duration timeout, Duration poll) {
        try {
            await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(poll).until(condition);
        } catch (ConditionTimeoutException stalled) {
            // A stalled stream is the scenario's business: the caller asserts on what was acknowledged.
        }
    }

    boolean done() {
        return done;
    }

    Throwable error() {
        return error;
    }

    void cancel() {
        if (subscription != null) {
            subscription.dispose();
        }
    }
}
