package io.smart402.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Proves the surefire JVM runs with BlockHound installed: a blocking call on a parallel thread fails. */
class BlockHoundActiveTest {

    @Test
    void blockingCallOnParallelSchedulerIsRejected() {
        Throwable error = Mono.fromCallable(() -> {
                    Thread.sleep(1);
                    return "slept";
                })
                .subscribeOn(Schedulers.parallel())
                .materialize()
                .block(Duration.ofSeconds(10))
                .getThrowable();

        assertThat(error).isInstanceOf(BlockingOperationError.class);
        assertThat(error).hasMessageContaining("java.lang.Thread.sleep");
    }
}
