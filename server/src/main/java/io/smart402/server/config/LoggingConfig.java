package io.smart402.server.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code logging} section. Keys and defaults: {@code defaults.yaml}.
 *
 * @param format    how every log line is written on stdout
 * @param level     the root level
 * @param levels    level per package or logger name
 * @param accessLog the access log of {@code serve}; {@link AccessLog#AUTO} follows {@code format}
 */
public record LoggingConfig(Format format, String level, Map<String, String> levels, AccessLog accessLog) {

    /** The level names Logback takes, as the file spells them. */
    static final List<String> LEVELS = List.of("trace", "debug", "info", "warn", "error", "off");

    public enum Format { TEXT, JSON }

    public enum AccessLog { OFF, TEXT, JSON, AUTO }

    public LoggingConfig {
        Check.required("format", format);
        level = Check.oneOf("level", lower(Check.required("level", level)), LEVELS);
        Check.required("access-log", accessLog);
        levels = Map.copyOf(Check.required("levels", levels).entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                        e -> Check.oneOf("levels." + e.getKey(), lower(e.getValue()), LEVELS))));
    }

    /** The access log's format with {@code auto} resolved: off, text or json. */
    public AccessLog effectiveAccessLog() {
        if (accessLog != AccessLog.AUTO) {
            return accessLog;
        }
        return format == Format.JSON ? AccessLog.JSON : AccessLog.TEXT;
    }

    private static String lower(String value) {
        return value == null ? null : value.trim().toLowerCase(Locale.ROOT);
    }
}
