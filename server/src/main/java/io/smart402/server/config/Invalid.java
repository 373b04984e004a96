package io.smart402.server.config;

/**
 * A bad value found while Jackson builds a record. The key is relative to the value being built (a record
 * does not know where it sits: a breaker is under {@code ratelimit.redis} and under {@code cache.redis}), so
 * {@link ConfigMapper} prefixes Jackson's path to it.
 */
final class Invalid extends IllegalArgumentException {

    private final String key;
    private final String problem;

    private Invalid(String key, String problem) {
        super(key + " " + problem);
        this.key = key;
        this.problem = problem;
    }

    /** {@code key} relative to the record being built; empty for the value itself. */
    static Invalid of(String key, String problem) {
        return new Invalid(key, problem);
    }

    /** The message Jackson sees as "{@code 'path.key' problem}", given the path of the record being built. */
    String messageAt(String path) {
        String full = path.isEmpty() ? key : key.isEmpty() ? path : path + "." + key;
        return "'" + full + "'" + (problem.startsWith(":") ? "" : " ") + problem;
    }
}
