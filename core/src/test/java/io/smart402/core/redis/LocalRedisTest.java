package io.smart402.core.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LocalRedisTest {

    @Test
    void startsKillsAndRestartsOnTheSamePort() {
        try (LocalRedis redis = LocalRedis.start(Path.of("target", "local-redis-test").toAbsolutePath())) {
            int port = redis.port();
            assertThat(redis.isRunning()).isTrue();
            assertThat(redis.uri()).isEqualTo("redis://127.0.0.1:" + port);
            redis.kill();
            assertThat(redis.isRunning()).isFalse();
            redis.restart();
            assertThat(redis.isRunning()).isTrue();
            assertThat(redis.port()).isEqualTo(port);
        }
    }
}
