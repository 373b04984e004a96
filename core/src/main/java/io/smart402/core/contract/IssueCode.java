package io.smart402.core.contract;

/**
 * Every issue code, in the rule order of spec §3: errors are sorted by this order, then by JSON path;
 * warnings follow the order the spec lists them in.
 *
 * <p>Codes marked PROPOSAL are extensions of the spec's table for type checks the spec implies but gives no
 * code for; each sits next to the rules it extends.
 */
enum IssueCode {
    E_NOT_OBJECT,
    E_ID_INVALID,
    E_TYPE_MISSING,
    E_TYPE_INVALID,
    E_PARTIES_MIN,
    E_PARTY_INVALID,
    E_PARTY_DUPLICATE,
    E_PAYMENT_MISSING,
    E_AMOUNT_INVALID,
    E_AMOUNT_NEGATIVE,
    E_AMOUNT_RANGE,
    E_AMOUNT_PRECISION,
    E_TOKEN_MISSING,
    E_TOKEN_INVALID,
    E_NETWORK_UNSUPPORTED,
    E_FREQUENCY_INVALID,
    E_DAY_OF_MONTH,
    /** PROPOSAL: payment is not an object, or currency/escrow/escrowAddress/payTo/structure/tiers malformed. */
    E_PAYMENT_INVALID,
    E_CONDITION_INVALID,
    E_CONDITION_DUPLICATE,
    /** PROPOSAL: an oracle entry is malformed (missing id, unknown type, bad address, duplicate id). */
    E_ORACLE_INVALID,
    E_ORACLE_UNKNOWN,
    E_MILESTONES,
    E_SPLITS,
    E_TIERS_INCOMPLETE,
    /** PROPOSAL: dispute is not {method ∈ multisig/arbitrator/dao_vote, requiredSignatures?, signers?}. */
    E_DISPUTE_INVALID,
    /** PROPOSAL: a metadata member of §1.5 has the wrong type (e.g. createdAt not an ISO-8601 instant). */
    E_METADATA_INVALID,
    /** PROPOSAL: a top-level member of §1.1 has the wrong type (version, description, terms, …). */
    E_FIELD_INVALID,
    E_LIMIT,

    W_TITLE_MISSING,
    W_SUMMARY_MISSING,
    W_CURRENCY_MISSING,
    W_PAYMENT_TERMS_LONG,
    W_KEYWORDS_FEW,
    W_TYPE_UNKNOWN,
    W_TOKEN_CUSTOM,
    W_PAYTO_DERIVED,
    W_ASSET_SYMBOL;

    /** Position of {@code code} in rule order; codes not listed here sort last. */
    static int rank(String code) {
        try {
            return valueOf(code).ordinal();
        } catch (IllegalArgumentException e) {
            return values().length;
        }
    }
}
