package io.smart402.server.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h} or ISO-8601; zero is allowed here and refused by the
 * records whose durations must be positive.
 */
final class DurationDeserializer extends StdScalarDeserializer<Duration> {

    DurationDeserializer() {
        super(Duration.class);
    }

    @Override
    public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (!p.hasToken(JsonToken.VALUE_STRING) && !p.hasToken(JsonToken.VALUE_NUMBER_INT)) {
            return (Duration) ctxt.handleUnexpectedToken(Duration.class, p);
        }
        return parse(p.getText());
    }

    static Duration parse(String raw) {
        String text = raw.trim().toLowerCase(Locale.ROOT);
        try {
            Duration d = text.matches("0+") ? Duration.ZERO : unit(text);
            if (d.isNegative()) {
                throw Invalid.of("", "must not be negative, was '" + raw + "'");
            }
            return d;
        } catch (NumberFormatException | DateTimeParseException e) {
            throw Invalid.of("", "must be a duration like 500ms, 5s, 2m, 1h or PT1S, was '" + raw + "'");
        }
    }

    private static Duration unit(String text) {
        if (text.startsWith("p") || text.startsWith("-p")) {
            // checked first: ISO-8601 ends in a unit letter too (PT1S), which the suffixes below would misread
            return Duration.parse(text.toUpperCase(Locale.ROOT));
        } else if (text.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
        } else if (text.endsWith("s")) {
            return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
        } else if (text.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
        } else if (text.endsWith("h")) {
            return Duration.ofHours(Long.parseLong(text.substring(0, text.length() - 1)));
        }
        throw new NumberFormatException(text);
    }
}
