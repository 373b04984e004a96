package io.smart402.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smart402.core.contract.ContractCodec;
import io.smart402.core.contract.ContractLimits;
import io.smart402.core.contract.ContractReader;
import io.smart402.core.phase.Phases;
import io.smart402.core.pipeline.ContractPipeline;
import io.smart402.core.resilience.priority.Priority;
import io.smart402.core.store.HybridLogicalClock;
import io.smart402.server.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.resources.LoopResources;

/**
 * Event loops do I/O only: a contract submitted from an event-loop thread (as the HTTP server and the database
 * driver do) is decoded, normalized, validated and digested on the CPU scheduler. A refusal is emitted on the
 * thread that validated, so its thread tells where that work ran.
 */
class ContractServiceThreadsTest {

    private static LoopResources loops;
    private static Scheduler cpu;
    private static ContractService service;

    @BeforeAll
    static void setUp() {
        loops = LoopResources.create("test-loop", 1, true);
        cpu = Schedulers.newParallel("test-cpu", 2);
        ContractPipeline pipeline = ContractPipeline.builder().phases(Phases.standard()).scheduler(cpu).build();
        service = new ContractService(new ContractCodec(ContractLimits.DEFAULTS),
                new ContractReader(ContractLimits.DEFAULTS), pipeline, TestServer.get().store(),
                new HybridLogicalClock(Clock.systemUTC()), new SimpleMeterRegistry());
    }

    @AfterAll
    static void tearDown() {
        cpu.dispose();
        loops.disposeLater().block(Duration.ofSeconds(10));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\":\"payment\",\"amount\":", "{\"type\":\"payment\",\"amount\":-5,\"parties\":[]}",
            "[1,2]", "{\"type\":\"payment\",\"amount\":10,\"parties\":[\"a\",\"b\"],\"id\":\"\\u0000\"}"})
    void refusedInputWasDecodedAndValidatedOnTheCpuScheduler(String body) throws Exception {
        CompletableFuture<String> emittedOn = new CompletableFuture<>();
        CompletableFuture<String> submittedOn = new CompletableFuture<>();
        loops.onServer(true).next().execute(() -> {
            submittedOn.complete(Thread.currentThread().getName());
            service.submit(body.getBytes(StandardCharsets.UTF_8)).subscribe(
                    outcome -> emittedOn.complete(outcome instanceof Outcome.Refused
                            ? Thread.currentThread().getName() : "stored?"),
                    emittedOn::completeExceptionally);
        });
        assertThat(submittedOn.get(10, TimeUnit.SECONDS)).startsWith("test-loop");
        assertThat(emittedOn.get(10, TimeUnit.SECONDS)).startsWith("test-cpu");
    }

    /** The JSON-array batch path hands over parsed elements: their validation moves off the loop too. */
    @ParameterizedTest
    @ValueSource(strings = {"{\"type\":\"payment\",\"amount\":-5,\"parties\":[]}", "[1,2]", "\"text\""})
    void refusedParsedDocumentWasValidatedOnTheCpuScheduler(String body) throws Exception {
        JsonNode parsed = new ObjectMapper().readTree(body);
        CompletableFuture<String> emittedOn = new CompletableFuture<>();
        loops.onServer(true).next().execute(() -> service.submit(parsed, Priority.NORMAL).subscribe(
                outcome -> emittedOn.complete(outcome instanceof Outcome.Refused
                        ? Thread.currentThread().getName() : "stored?"),
                emittedOn::completeExceptionally));
        assertThat(emittedOn.get(10, TimeUnit.SECONDS)).startsWith("test-cpu");
    }
}
