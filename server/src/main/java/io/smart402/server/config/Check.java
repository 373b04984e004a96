package io.smart402.server.config;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/** Range checks for the records' compact constructors; each throws {@link Invalid} naming the key. */
final class Check {

    private Check() {
    }

    static int range(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw Invalid.of(key, "must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    static long atLeast(String key, long value, long min) {
        if (value < min) {
            throw Invalid.of(key, "must be at least " + min + ", was " + value);
        }
        return value;
    }

    static <T> T required(String key, T value) {
        if (value == null) {
            throw Invalid.of(key, "is required");
        }
        return value;
    }

    static String text(String key, String value) {
        if (value == null || value.isEmpty()) {
            throw Invalid.of(key, "is required");
        }
        return value;
    }

    static Duration positive(String key, Duration value) {
        if (required(key, value).isZero()) {
            throw Invalid.of(key, "must be positive, was 0");
        }
        return value;
    }

    static String oneOf(String key, String value, List<String> allowed) {
        if (!allowed.contains(required(key, value))) {
            throw Invalid.of(key, "must be one of " + String.join(", ", allowed) + ", was '" + value + "'");
        }
        return value;
    }

    /**
     * Builds a record of another module that validates itself; its {@link IllegalArgumentException} names the
     * key in that module's words, so it is reported at the path of the value being built.
     */
    static <T> T accepted(Supplier<T> build) {
        try {
            return build.get();
        } catch (Invalid e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw Invalid.of("", ": " + e.getMessage());
        }
    }
}
