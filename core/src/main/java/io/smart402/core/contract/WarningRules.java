package io.smart402.core.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The non-blocking warnings of spec §3 that validation owns: W_TYPE_UNKNOWN, W_TITLE_MISSING,
 * W_SUMMARY_MISSING, W_TOKEN_CUSTOM, W_PAYMENT_TERMS_LONG, W_KEYWORDS_FEW. (W_CURRENCY_MISSING comes from
 * the normalizer, W_PAYTO_DERIVED and W_ASSET_SYMBOL from the X402 phase.)
 */
final class WarningRules implements ContractRule {

    /** Jurisdictions whose guidance caps payment terms at 60 days (REPO {@code check_compliance}). */
    private static final Set<String> SHORT_TERMS_JURISDICTIONS = Set.of("california", "new york");
    /** {@code net 90}, {@code Net-90}, {@code net90}; the word boundary keeps "internet 90" out. */
    private static final Pattern NET_TERMS = Pattern.compile("\\bnet[- ]?(\\d+)", Pattern.CASE_INSENSITIVE);
    private static final int MIN_KEYWORDS = 5;

    @Override
    public void check(ObjectNode c, Issues issues) {
        JsonNode type = c.get("type");
        if (type != null && type.isTextual() && ContractType.isValid(type.textValue())
                && ContractType.known(type.textValue()).isEmpty()) {
            issues.add(IssueCode.W_TYPE_UNKNOWN, "$.type", "type '" + JsonValues.show(type)
                    + "' is not a registered contract type; it is processed as custom");
        }
        JsonNode metadata = c.path("metadata");
        if (JsonValues.nonBlankText(metadata.get("title")) == null) {
            issues.add(IssueCode.W_TITLE_MISSING, "$.metadata.title", "title should be provided");
        }
        if (JsonValues.nonBlankText(c.get("description")) == null
                && JsonValues.nonBlankText(metadata.get("description")) == null) {
            issues.add(IssueCode.W_SUMMARY_MISSING, "$.description", "plain_english summary should be provided");
        }
        JsonNode token = c.path("payment").get("token");
        if (token != null && token.isTextual() && ContractVocabulary.isValidToken(token.textValue())
                && !ContractVocabulary.KNOWN_TOKENS.containsKey(token.textValue())) {
            issues.add(IssueCode.W_TOKEN_CUSTOM, "$.payment.token", "token '" + token.textValue()
                    + "' is a custom ERC-20 token; 18 decimals are assumed");
        }
        String jurisdiction = JsonValues.nonBlankText(metadata.get("jurisdiction"));
        String terms = JsonValues.nonBlankText(c.get("terms"));
        if (jurisdiction != null && terms != null
                && SHORT_TERMS_JURISDICTIONS.contains(jurisdiction.strip().toLowerCase(Locale.ROOT))
                && hasNetTermsOver60(terms)) {
            issues.add(IssueCode.W_PAYMENT_TERMS_LONG, "$.terms",
                    JsonValues.show(jurisdiction.strip()) + " recommends payment terms under 60 days");
        }
        JsonNode keywords = metadata.get("keywords");
        int keywordCount = 0;
        if (keywords != null && keywords.isArray()) {
            for (JsonNode keyword : keywords) {
                keywordCount += JsonValues.nonBlankText(keyword) != null ? 1 : 0;
            }
        }
        if (keywordCount < MIN_KEYWORDS) {
            issues.add(IssueCode.W_KEYWORDS_FEW, "$.metadata.keywords",
                    "at least 5 keywords should be provided (found " + keywordCount + ")");
        }
    }

    private static boolean hasNetTermsOver60(String terms) {
        Matcher m = NET_TERMS.matcher(terms);
        while (m.find()) {
            String digits = m.group(1).replaceFirst("^0+(?=\\d)", "");
            if (digits.length() > 2 || Integer.parseInt(digits) > 60) {
                return true;
            }
        }
        return false;
    }
}
