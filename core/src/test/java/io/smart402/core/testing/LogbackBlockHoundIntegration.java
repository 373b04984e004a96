package io.smart402.core.testing;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Lets Logback's console appender write a line in a test JVM. {@code OutputStreamAppender.writeBytes} takes the
 * appender's stream lock (a {@code ReentrantLock}, parked on when two threads log at once) and writes to stdout
 * (a {@code FileOutputStream}); an event-loop or parallel thread that logs a lifecycle or shard-batch line while
 * another thread logs would otherwise fail the test with a BlockHound error thrown inside the log call. Production
 * accepts that short wait for the sake of ordered, whole lines. Only that write is allowed: blocking anywhere else
 * on a non-blocking thread still fails the test. Named by string so core needs no Logback dependency.
 */
public final class LogbackBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("ch.qos.logback.core.OutputStreamAppender", "writeBytes");
    }
}
