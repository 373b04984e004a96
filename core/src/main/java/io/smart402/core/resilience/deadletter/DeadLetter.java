package io.smart402.core.resilience.deadletter;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An item that still failed after its retries, kept for an operator to replay or drop.
 *
 * @param id            unique, time-ordered ({@link #newId}), so listing by id lists oldest first
 * @param key           what the item is about (a contract id), not unique
 * @param payload       enough to replay it (the caller's encoding)
 * @param error         the last error, as text
 * @param attempts      attempts made so far
 * @param firstFailedAt when the first attempt failed
 * @param lastFailedAt  when the last attempt failed
 */
public record DeadLetter(String id, String key, String payload, String error, int attempts, Instant firstFailedAt,
                         Instant lastFailedAt) {

    public DeadLetter {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(firstFailedAt, "firstFailedAt");
        Objects.requireNonNull(lastFailedAt, "lastFailedAt");
    }

    /** A new id: 13 hex digits of epoch milliseconds, then random hex, so ids sort by creation time. */
    public static String newId(Instant now) {
        return String.format("dl_%013x_%016x", now.toEpochMilli(), java.util.concurrent.ThreadLocalRandom.current().nextLong());
    }

    /** The same letter after one more failed attempt. */
    public DeadLetter failedAgain(String error, Instant at) {
        return new DeadLetter(id, key, payload, error, attempts + 1, firstFailedAt, at);
    }
}
