package io.smart402.core.contract;

import io.smart402.core.error.FailureKind;
import io.smart402.core.error.Smart402Exception;
import java.util.Map;

/** The bytes are not one acceptable JSON document: malformed JSON, invalid UTF-8, or over a limit. */
public final class ContractFormatException extends Smart402Exception {

    private final String code;

    public ContractFormatException(String code, String message, Throwable cause) {
        super(tooLarge(code, message) ? FailureKind.TOO_LARGE : FailureKind.INVALID_INPUT, reason(code, message),
                message, cause, true);
        this.code = code;
    }

    /** {@code E_JSON_MALFORMED}, {@code E_ENCODING} or {@code E_LIMIT}. */
    public String code() {
        return code;
    }

    @Override
    public Map<String, Object> details() {
        return Map.of("code", code);
    }

    private static boolean tooLarge(String code, String message) {
        return "E_LIMIT".equals(code) && message != null && message.contains("max-bytes");
    }

    private static String reason(String code, String message) {
        if (tooLarge(code, message)) {
            return "payload-too-large";
        }
        return switch (String.valueOf(code)) {
            case "E_ENCODING" -> "invalid-encoding";
            case "E_LIMIT" -> "limit-exceeded";
            default -> "malformed-json";
        };
    }

}
