package io.smart402.server.http;

import java.util.Locale;

/** Small helpers for Content-Type and Accept negotiation. */
final class MediaTypes {

    static final String NDJSON = "application/x-ndjson";
    static final String SSE = "text/event-stream";

    private MediaTypes() {
    }

    /** The media type without parameters, lower-cased; empty when absent. */
    static String essence(String header) {
        if (header == null) {
            return "";
        }
        int semicolon = header.indexOf(';');
        return (semicolon < 0 ? header : header.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    static boolean isJson(String essence) {
        return essence.equals("application/json") || essence.endsWith("+json");
    }

    static boolean isNdjson(String essence) {
        return essence.equals(NDJSON) || essence.equals("application/jsonl") || essence.equals("application/jsonlines")
                || essence.equals("application/x-jsonlines");
    }

    /** Whether the charset parameter, when present, is UTF-8 (the only one accepted). */
    static boolean utf8Charset(String header) {
        if (header == null) {
            return true;
        }
        String lower = header.toLowerCase(Locale.ROOT);
        int at = lower.indexOf("charset=");
        if (at < 0) {
            return true;
        }
        String charset = lower.substring(at + 8).replace("\"", "").trim();
        int end = charset.indexOf(';');
        charset = end < 0 ? charset : charset.substring(0, end).trim();
        return charset.equals("utf-8") || charset.equals("utf8");
    }

    /** Picks the batch response format from Accept: SSE or NDJSON (default), or null when neither is acceptable. */
    static String batchResponseType(String accept) {
        if (accept == null || accept.isBlank()) {
            return NDJSON;
        }
        String lower = accept.toLowerCase(Locale.ROOT);
        if (lower.contains(SSE)) {
            return SSE;
        }
        if (lower.contains(NDJSON) || lower.contains("*/*") || lower.contains("application/*")
                || lower.contains("application/json")) {
            return NDJSON;
        }
        return null;
    }

    /**
     * Picks the change feed's format from Accept: SSE (also for no preference, {@code *}{@code /*} or
     * {@code text/*}) or NDJSON, or null when neither is acceptable.
     */
    static String feedResponseType(String accept) {
        if (accept == null || accept.isBlank()) {
            return SSE;
        }
        String lower = accept.toLowerCase(Locale.ROOT);
        if (lower.contains(SSE)) {
            return SSE;
        }
        for (String part : lower.split(",")) {
            if (isNdjson(essence(part))) {
                return NDJSON;
            }
        }
        if (lower.contains("*/*") || lower.contains("text/*")) {
            return SSE;
        }
        return null;
    }
}
