package io.smart402.core.contract;

/** The bytes are not one acceptable JSON document: malformed JSON, invalid UTF-8, or over a limit. */
public final class ContractFormatException extends RuntimeException {

    private final String code;

    public ContractFormatException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** {@code E_JSON_MALFORMED}, {@code E_ENCODING} or {@code E_LIMIT}. */
    public String code() {
        return code;
    }
}
