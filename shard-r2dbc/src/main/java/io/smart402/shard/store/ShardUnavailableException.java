package io.smart402.shard.store;

import io.smart402.core.error.FailureKind;
import io.smart402.core.error.RetryAfter;
import io.smart402.shard.ShardException;
import java.time.Duration;
import java.util.Map;

/** No copy of a shard could take the call now; a node may be back soon. */
public final class ShardUnavailableException extends ShardException implements RetryAfter {

    private static final long serialVersionUID = 1L;

    private final String shard;

    public ShardUnavailableException(String shard, String message, Throwable cause) {
        super(FailureKind.UNAVAILABLE, "shard-unavailable", message, cause);
        this.shard = shard;
    }

    public String shard() {
        return shard;
    }

    /** Node health is checked every half second and breakers half-open after two: two seconds is a fair wait. */
    @Override
    public Duration retryAfter() {
        return Duration.ofSeconds(2);
    }

    @Override
    public Map<String, Object> details() {
        return Map.of("shard", shard);
    }
}
