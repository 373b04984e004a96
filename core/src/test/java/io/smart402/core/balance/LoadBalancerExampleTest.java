package io.smart402.core.balance;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The README's "Load balancer (library)" example, run as written, in virtual time. */
class LoadBalancerExampleTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Flux<String> ids = Flux.just("c-1", "c-2", "c-3");

    private static Mono<Boolean> ready(String url) {
        return Mono.just(true);
    }

    private static Mono<String> get(String url) {
        return Mono.delay(Duration.ofMillis(10)).thenReturn(url);
    }

    private record Outcome(LoadBalancer<String> lb, Mono<String> answer, Mono<String> sticky, Flux<String> all,
                           List<BackendStats> statsBefore) {
    }

    private Outcome example() {
        LoadBalancer<String> lb = LoadBalancer.<String>builder()
                .name("api").strategy(Strategies.parse("adaptive"))           // the default
                .backend("a", "http://10.0.0.1:8080").backend("b", "http://10.0.0.2:8080", 2)
                .healthCheck(HealthCheck.of(url -> ready(url)))              // Mono<Boolean>, e.g. GET /ready
                .outlierDetection(OutlierDetection.DEFAULTS)
                .slowStart(Duration.ofSeconds(30))
                .meterRegistry(registry).build();

        Mono<String> answer = lb.execute(url -> get(url + "/contracts/c-1"));          // any Mono
        Mono<String> sticky = lb.execute("client-42", url -> get(url + "/contracts"));  // key for "hash"
        Flux<String> all = ids.transform(BalanceOperator.of(lb, (id, url) -> get(url + "/contracts/" + id)));

        lb.add("c", "http://10.0.0.3:8080");                  // warms up over the slow-start window
        lb.drain("a").then(Mono.fromRunnable(() -> lb.remove("a"))).subscribe();  // no new calls; in-flight finish
        List<BackendStats> stats = lb.stats();                 // state, weights, outstanding, latency, ejections
        return new Outcome(lb, answer, sticky, all, stats);
    }

    @Test
    void runsAsWritten() {
        StepVerifier.withVirtualTime(() -> {
                    Outcome o = example();
                    assertThat(o.statsBefore()).extracting(BackendStats::id).containsExactly("b", "c");
                    assertThat(o.statsBefore()).extracting(BackendStats::state)
                            .containsExactly(BackendState.HEALTHY, BackendState.WARMING);
                    return Flux.concat(o.answer(), o.sticky(), o.all()).collectList()
                            .doOnNext(urls -> assertThat(o.lb().stats()).extracting(BackendStats::requests)
                                    .containsExactly(
                                            urls.stream().filter(u -> u.startsWith("http://10.0.0.2")).count(),
                                            urls.stream().filter(u -> u.startsWith("http://10.0.0.3")).count()))
                            .doFinally(s -> o.lb().dispose());
                })
                .thenAwait(Duration.ofSeconds(1))
                // a was drained before any call: b and c answer everything.
                .assertNext(urls -> assertThat(urls).hasSize(5).allMatch(u -> !u.startsWith("http://10.0.0.1")))
                .verifyComplete();
    }

    @Test
    void theReadmeShowsThisCode() throws IOException {
        String readme = read(Path.of("..", "README.md"));
        String section = readme.substring(readme.indexOf("### Load balancer (library)"));
        String block = section.substring(section.indexOf("```java\n") + 8, section.indexOf("```\n", 8));
        String source = read(Path.of("src", "test", "java", "io", "smart402", "core", "balance",
                "LoadBalancerExampleTest.java"));
        for (String line : block.strip().split("\n")) {
            assertThat(source).as("README line").contains(line.strip());
        }
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
