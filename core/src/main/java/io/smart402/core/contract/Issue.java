package io.smart402.core.contract;

/**
 * One validation error or warning (spec §3).
 *
 * @param code    stable code such as {@code E_PARTIES_MIN} or {@code W_TITLE_MISSING}
 * @param path    JSON path such as {@code $.payment.amount}
 * @param message human-readable message from the spec's template
 */
public record Issue(String code, String path, String message) {

    /** Whether this is a warning ({@code W_} code) rather than an error. */
    public boolean isWarning() {
        return code.startsWith("W_");
    }
}
