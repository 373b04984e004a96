package io.smart402.core.cache;

import io.smart402.core.metrics.CoreMeters;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smart402.core.contract.Contract;
import io.smart402.core.pipeline.ContractPipeline;
import io.smart402.core.pipeline.ProcessingResult;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * The phase-result cache (spec §1.7): processed documents keyed by {@code processed:<digest>}, where the
 * digest is the SHA-256 of the canonical normalized contract <em>with</em> its id — so the same content (same id
 * included) skips the four phases. The phases are deterministic functions of that content, so the cached
 * document is the one they would produce again, apart from the {@code *_timestamp} and state-trace times,
 * which keep the time the phases actually ran. The store version is not part of the document (it is assigned
 * per write), so reuse never repeats a version. L1 only (Caffeine, bounded): content-addressed entries never
 * go stale, so they need no invalidation. Only successful results are cached, as parsed trees (the miss's own
 * tree, which its consumer must not modify; hits get a deep copy): re-parsing text would not reproduce the exact number nodes the phases built.
 */
public final class PhaseResultCache {

    private final ContractPipeline pipeline;
    private final Cache<String, ObjectNode> documents;
    private final Counter hits;
    private final Counter misses;

    public PhaseResultCache(ContractPipeline pipeline, long maxEntries, MeterRegistry registry) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        if (maxEntries < 1) {
            throw new IllegalArgumentException("cache.phase-results.max-entries must be at least 1, was " + maxEntries);
        }
        this.documents = Caffeine.newBuilder().maximumSize(maxEntries).executor(Runnable::run).build();
        this.hits = CoreMeters.CACHE_HITS.counter()
                .tag("cache", "phases").tag("level", "l1").register(registry);
        this.misses = CoreMeters.CACHE_MISSES.counter()
                .tag("cache", "phases").tag("level", "l1").register(registry);
    }

    /** The cached result of {@code contract}'s content, else the pipeline's (cached when it succeeded). */
    public Mono<ProcessingResult> process(Contract contract) {
        return Mono.defer(() -> {
            String key = key(contract);
            ObjectNode cached = documents.getIfPresent(key);
            if (cached != null) {
                hits.increment();
                return Mono.just(new ProcessingResult.Processed(contract, cached.deepCopy()));
            }
            misses.increment();
            // The fresh tree is cached as it is, not copied (a copy of every processed document was ~5% of the
            // pipeline threads' CPU under ingest of new contracts): its consumer only serializes it, and a
            // processed document is read-only once emitted. Hits still hand out copies.
            return pipeline.process(contract).doOnNext(r -> {
                if (r instanceof ProcessingResult.Processed p) {
                    documents.put(key, p.document());
                }
            });
        });
    }

    static String key(Contract contract) {
        return "processed:" + contract.digest();
    }

    public long size() {
        return documents.estimatedSize();
    }

    public long hits() {
        return (long) hits.count();
    }

    public long misses() {
        return (long) misses.count();
    }

    public ContractPipeline pipeline() {
        return pipeline;
    }
}
