package io.smart402.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smart402.core.ratelimit.RateLimitPolicy;
import io.smart402.core.ratelimit.RedisRateLimiter;
import io.smart402.core.resilience.priority.Priority;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdmissionConfigTest {

    private static ServerConfig load(String... overrides) {
        return ConfigLoader.load(null, Map.of(), List.of(overrides));
    }

    @Test
    void defaultsFollowTheSpec() {
        AdmissionConfig a = load().admission();
        assertThat(a.rateLimit().enabled()).isTrue();
        assertThat(a.rateLimit().policies().defaults())
                .isEqualTo(new RateLimitPolicy.TokenBucket(1000, Duration.ofSeconds(60), 2000));
        assertThat(a.rateLimit().maxWait()).isZero();
        assertThat(a.rateLimit().batchMaxWait()).isEqualTo(Duration.ofSeconds(5));
        assertThat(a.rateLimit().backend()).isEqualTo(AdmissionConfig.Backend.LOCAL);
        assertThat(a.rateLimit().redis().onFailure()).isEqualTo(RedisRateLimiter.FailureMode.LOCAL);
        assertThat(a.retry().maxAttempts()).isEqualTo(3);
        assertThat(a.priority().defaultPriority()).isEqualTo(Priority.NORMAL);
        assertThat(a.deadLetters().enabled()).isTrue();
        assertThat(load().server().host()).isEqualTo("127.0.0.1");
    }

    @Test
    void perClientOverridesInheritWhatTheyOmit() {
        AdmissionConfig a = load("ratelimit.algorithm=gcra",
                "ratelimit.clients={acme: {rate: 10, period: 1s, burst: 5}, slow: {algorithm: sliding-window, rate: 3}}")
                .admission();
        assertThat(a.rateLimit().policies().policyFor("acme")).isEqualTo(new RateLimitPolicy.Gcra(10, Duration.ofSeconds(1), 5));
        assertThat(a.rateLimit().policies().policyFor("slow"))
                .isEqualTo(new RateLimitPolicy.SlidingWindow(3, Duration.ofSeconds(60)));
        assertThat(a.rateLimit().policies().policyFor("other").algorithm()).isEqualTo("gcra");
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> load("ratelimit.algorithm=fixed-window"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'ratelimit'").hasMessageContaining("sliding-window");
        assertThatThrownBy(() -> load("ratelimit.clients={acme: {rate: 0}}"))
                .hasMessageContaining("'ratelimit.clients.acme.rate' must be at least 1");
        assertThatThrownBy(() -> load("ratelimit.backend=redis")).hasMessageContaining("'ratelimit.redis.uri' is required");
        assertThatThrownBy(() -> load("ratelimit.redis.on-failure=maybe")).hasMessageContaining("'ratelimit.redis.on-failure'");
        assertThatThrownBy(() -> load("retry.jitter=2")).hasMessageContaining("'retry.jitter' must be between 0 and 1");
        assertThatThrownBy(() -> load("retry.first-backoff=5s")).hasMessageContaining("'retry.max-backoff'");
        assertThatThrownBy(() -> load("priority.default=urgent")).hasMessageContaining("'priority.default'");
        assertThatThrownBy(() -> load("ratelimit.max-wait=soon")).hasMessageContaining("'ratelimit.max-wait'");
    }

    @Test
    void withoutKeysTheServerMustStayOnLoopback() {
        assertThatThrownBy(() -> load("server.host=0.0.0.0"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'auth.keys' is empty");
        assertThat(load("server.host=0.0.0.0", "auth.keys=[{key: k1, client: c1}]").server().host()).isEqualTo("0.0.0.0");
        assertThat(load("server.host=localhost").server().host()).isEqualTo("localhost");
    }
}
