package io.smart402.core.contract;

import java.time.Instant;
import java.time.LocalDate;

/**
 * {@link Instant#parse} with a fast path for the form nearly every contract uses, {@code yyyy-MM-ddTHH:mm:ssZ}:
 * a valid date and time of day in that exact form is computed from its digits (the same instant Instant.parse
 * gives); anything else, including leap seconds, fractions and offsets, goes to {@code Instant.parse} unchanged,
 * with its exceptions. The formatter costs microseconds per call and runs for every timestamp at validation and
 * again at binding.
 */
final class IsoInstant {

    private IsoInstant() {
    }

    static Instant parse(String text) {
        if (text.length() == 20 && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T'
                && text.charAt(13) == ':' && text.charAt(16) == ':' && text.charAt(19) == 'Z') {
            int year = digits(text, 0, 4);
            int month = digits(text, 5, 2);
            int day = digits(text, 8, 2);
            int hour = digits(text, 11, 2);
            int minute = digits(text, 14, 2);
            int second = digits(text, 17, 2);
            if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && hour >= 0 && hour <= 23 && minute >= 0
                    && minute <= 59 && second >= 0 && second <= 59
                    && day <= LocalDate.of(year, month, 1).lengthOfMonth()) {
                long days = LocalDate.of(year, month, day).toEpochDay();
                return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second);
            }
        }
        return Instant.parse(text);
    }

    /** The non-negative number of {@code count} ASCII digits at {@code from}, or −1 if any is not one. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
