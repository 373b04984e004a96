package io.smart402.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.smart402.core.resilience.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The dashboard's session tokens on a clock the test moves. */
class SessionTokensTest {

    private static final Duration TTL = Duration.ofMinutes(30);

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final SessionTokens tokens = new SessionTokens(clock, TTL);

    @Test
    void aTokenNamesItsClientUntilItExpires() {
        String token = tokens.issue("ops");

        assertThat(tokens.verify(token)).contains("ops");
        clock.advance(TTL.minusSeconds(1));
        assertThat(tokens.verify(token)).contains("ops");
        clock.advance(Duration.ofSeconds(1));
        assertThat(tokens.verify(token)).isEmpty();
    }

    @Test
    void anotherServersTokenOrAnAlteredOneIsRefused() {
        String token = tokens.issue("ops");
        String[] parts = token.split("\\.");

        // Same client and expiry, signed with another start-up's key.
        assertThat(tokens.verify(new SessionTokens(clock, TTL).issue("ops"))).isEmpty();
        // A later expiry or another client under the original signature.
        assertThat(tokens.verify(parts[0] + "." + (Long.parseLong(parts[1]) + 3600) + "." + parts[2])).isEmpty();
        String admin = Base64.getUrlEncoder().withoutPadding().encodeToString("root".getBytes(StandardCharsets.UTF_8));
        assertThat(tokens.verify(admin + "." + parts[1] + "." + parts[2])).isEmpty();
    }

    @Test
    void garbageIsRefusedNotThrown() {
        assertThat(tokens.verify(null)).isEmpty();
        assertThat(tokens.verify("")).isEmpty();
        assertThat(tokens.verify("no-dots")).isEmpty();
        assertThat(tokens.verify("a.b")).isEmpty();
        assertThat(tokens.verify("!!.notanumber.%%")).isEmpty();
        assertThat(tokens.verify(".1.AAAA")).isEmpty();
    }
}
