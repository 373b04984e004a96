package io.smart402.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed, expiring session tokens for the dashboard, which a browser's {@code EventSource} can present only as a
 * cookie: {@code <client>.<expiry epoch seconds>.<HMAC-SHA256 of both>}, signed with a key drawn at start-up and
 * never stored. Nothing is kept per session (no table to bound or expire); a restart logs every page out, and a
 * token is good only on the server that issued it. The API key itself never leaves the request that exchanged it.
 */
public final class SessionTokens {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final Mac prototype;
    private final Clock clock;
    private final Duration ttl;

    /** Draws the signing key: start-up only (SecureRandom may read the OS entropy source). */
    public SessionTokens(Clock clock, Duration ttl) {
        this.clock = clock;
        this.ttl = ttl;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        try {
            prototype = Mac.getInstance("HmacSHA256");
            prototype.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JDK", e);
        }
    }

    public Duration ttl() {
        return ttl;
    }

    /** A token naming {@code client}, good for the configured time to live. */
    public String issue(String client) {
        String body = B64.encodeToString(client.getBytes(StandardCharsets.UTF_8)) + "."
                + clock.instant().plus(ttl).getEpochSecond();
        return body + "." + B64.encodeToString(sign(body));
    }

    /** The client a token names, if its signature is ours and it has not expired. */
    public Optional<String> verify(String token) {
        if (token == null) {
            return Optional.empty();
        }
        int last = token.lastIndexOf('.');
        int first = token.indexOf('.');
        if (first <= 0 || last <= first) {
            return Optional.empty();
        }
        String body = token.substring(0, last);
        try {
            if (!MessageDigest.isEqual(sign(body), B64D.decode(token.substring(last + 1)))) {
                return Optional.empty();
            }
            long expiry = Long.parseLong(token.substring(first + 1, last));
            if (clock.instant().getEpochSecond() >= expiry) {
                return Optional.empty();
            }
            return Optional.of(new String(B64D.decode(token.substring(0, first)), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            // Not base64 or not a number: a forged or damaged cookie, same as a wrong signature.
            return Optional.empty();
        }
    }

    private byte[] sign(String body) {
        try {
            // A Mac is not thread-safe; a clone of the initialized prototype skips the provider lookup.
            Mac mac = (Mac) prototype.clone();
            return mac.doFinal(body.getBytes(StandardCharsets.US_ASCII));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's HmacSHA256 can be cloned", e);
        }
    }
}
