package io.smart402.server.http;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The request id of an incoming request: the client's {@code X-Request-Id} when it is safe to echo and to log
 * (1–{@value #MAX_LENGTH} characters of {@code [A-Za-z0-9._:-]}: no spaces, quotes or line breaks that could
 * forge a log line or a header), else a fresh one.
 */
final class RequestIdHeader {

    static final int MAX_LENGTH = 128;

    private RequestIdHeader() {
    }

    /** {@code presented} if acceptable, else a generated id. */
    static String acceptOrGenerate(String presented) {
        return acceptable(presented) ? presented : generate();
    }

    static boolean acceptable(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean safe = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '.' || c == '_' || c == ':' || c == '-';
            if (!safe) {
                return false;
            }
        }
        return true;
    }

    /**
     * 128 random bits as 32 hex digits. ThreadLocalRandom rather than UUID.randomUUID: the id correlates log lines
     * and needs no secrecy, and SecureRandom may read /dev/urandom, a blocking call on the event loop.
     */
    static String generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return hex16(random.nextLong()) + hex16(random.nextLong());
    }

    private static String hex16(long bits) {
        String hex = Long.toHexString(bits);
        return "0".repeat(16 - hex.length()) + hex;
    }
}
