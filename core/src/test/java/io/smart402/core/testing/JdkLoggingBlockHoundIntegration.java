package io.smart402.core.testing;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Lets the JDK's one-time logging set-up block in a test JVM. The first java.util.logging record of a JVM creates
 * the root handlers under {@code LogManager}'s configuration lock; a Netty thread that logs at that moment (Lettuce's
 * reconnect does) waits for the lock, BlockHound throws an Error inside Lettuce's reconnect task, the task dies
 * without a trace and that client never reconnects (RedisRateLimiterTest's breaker then stayed open, 60 s).
 * Only this set-up is allowed; blocking anywhere else on a non-blocking thread still fails the test.
 */
public final class JdkLoggingBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("java.util.logging.LogManager", "initializeGlobalHandlers");
    }
}
