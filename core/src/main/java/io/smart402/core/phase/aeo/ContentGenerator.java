package io.smart402.core.phase.aeo;

import io.smart402.core.contract.Contract;
import io.smart402.core.contract.Party;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The answer-engine content of a contract: title, summary, key terms, tags and the Markdown page (spec §2.1). */
final class ContentGenerator {

    static final int MAX_CONTENT_LENGTH = 500;
    private static final int MAX_KEY_TERMS = 10;
    private static final int MAX_TAGS = 15;

    /** What the generator produced; {@code content} is already truncated. */
    record Generated(String title, String summary, List<String> keyTerms, List<String> tags, String content) {
        Generated {
            keyTerms = List.copyOf(keyTerms);
            tags = List.copyOf(tags);
        }
    }

    private ContentGenerator() {
    }

    static Generated generate(Contract contract) {
        String type = contract.type();
        String query = contract.targetQuery() != null ? contract.targetQuery() : type;
        List<String> queryWords = PyText.split(query);
        BigDecimal amount = amount(contract);
        boolean paid = amount.signum() > 0;
        boolean smart = contract.metadata().smartContractEnabled();
        List<String> parties = contract.parties().stream().map(Party::identifier).toList();

        String title = title(type, amount, queryWords);
        String summary = summary(type, parties, amount, query, smart);
        List<String> keyTerms = keyTerms(type, paid, !parties.isEmpty(), smart);
        List<String> tags = tags(contract, type, queryWords, amount, smart);
        List<String> details = details(contract, parties, amount, smart);

        String page = "# " + title + "\n\n"
                + "## Summary\n" + summary + "\n\n"
                + "## Key Terms\n" + String.join(", ", keyTerms) + "\n\n"
                + "## Details\n" + String.join("\n", details) + "\n\n"
                + "## Tags\n" + String.join(", ", tags) + "\n";
        String content = PyText.length(page) > MAX_CONTENT_LENGTH
                ? PyText.prefix(page, MAX_CONTENT_LENGTH) + "..."
                : page;
        return new Generated(title, summary, keyTerms, tags, content);
    }

    /** TitleCase(type) + " Agreement"; the fallback title wherever {@code metadata.title} is absent. */
    static String agreementTitle(String type) {
        return PyText.title(type) + " Agreement";
    }

    /**
     * {@code $} + Python {@code format(amount, ",.2f")}, as {@code String.format(Locale.US, "%,.2f", amount)}
     * prints it: the magnitude rounded half-up to cents, grouped by thousands, a minus when the amount is
     * negative (even if it rounds to 0.00). By hand because the Formatter parsed its pattern on every call: 1.7 %
     * of a contract's CPU path for three amounts. {@code ContentGeneratorMoneyTest} holds it to the Formatter.
     */
    static String money(BigDecimal amount) {
        String digits = amount.abs().setScale(2, RoundingMode.HALF_UP).toPlainString();
        int point = digits.length() - 3;
        StringBuilder out = new StringBuilder(digits.length() + point / 3 + 2).append('$');
        if (amount.signum() < 0) {
            out.append('-');
        }
        for (int i = 0; i < point; i++) {
            if (i > 0 && (point - i) % 3 == 0) {
                out.append(',');
            }
            out.append(digits.charAt(i));
        }
        return out.append(digits, point, digits.length()).toString();
    }

    static BigDecimal amount(Contract contract) {
        BigDecimal amount = contract.payment() == null ? null : contract.payment().amount();
        return amount == null ? BigDecimal.ZERO : amount;
    }

    private static String title(String type, BigDecimal amount, List<String> queryWords) {
        StringBuilder title = new StringBuilder(agreementTitle(type));
        if (amount.signum() > 0) {
            title.append(" - ").append(money(amount));
        }
        if (!queryWords.isEmpty()) {
            title.append(" | ").append(String.join(" ", queryWords.subList(0, Math.min(3, queryWords.size()))));
        }
        return title.toString();
    }

    private static String summary(String type, List<String> parties, BigDecimal amount, String query,
                                  boolean smart) {
        StringBuilder summary = new StringBuilder("This ").append(type).append(" establishes an agreement ");
        if (parties.size() >= 2) {
            summary.append("between ").append(parties.get(0)).append(" and ").append(parties.get(1)).append(' ');
        } else if (parties.size() == 1) {
            summary.append("involving ").append(parties.get(0)).append(' ');
        }
        if (amount.signum() > 0) {
            summary.append("for ").append(money(amount)).append(". ");
        }
        summary.append("Related to: ").append(query).append(". ");
        if (smart) {
            summary.append("Includes smart contract execution for automated settlement.");
        }
        return summary.toString();
    }

    private static List<String> keyTerms(String type, boolean paid, boolean hasParties, boolean smart) {
        // Ordered de-duplication: the original used a Python set, whose order changed per process.
        Set<String> terms = new LinkedHashSet<>();
        terms.add(type);
        if (paid) {
            terms.addAll(List.of("payment", "financial", "transaction"));
        }
        if (hasParties) {
            terms.addAll(List.of("multi-party", "agreement", "bilateral"));
        }
        if (smart) {
            terms.addAll(List.of("smart-contract", "blockchain", "automated"));
        }
        return terms.stream().limit(MAX_KEY_TERMS).toList();
    }

    private static List<String> tags(Contract contract, String type, List<String> queryWords, BigDecimal amount,
                                     boolean smart) {
        Set<String> tags = new TreeSet<>(PyText.CODE_POINT_ORDER);
        tags.add(type);
        tags.add(type + "-agreement");
        for (String word : queryWords) {
            if (PyText.length(word) > 3) {
                tags.add(PyText.lower(word));
            }
        }
        if (smart) {
            tags.addAll(List.of("smart-contract", "blockchain", "web3"));
        }
        if (amount.compareTo(BigDecimal.valueOf(10_000)) > 0) {
            tags.add("high-value");
        } else if (amount.signum() > 0) {
            tags.add("financial");
        }
        if (contract.metadata().industry() != null) {
            tags.add(contract.metadata().industry());
        }
        return tags.stream().limit(MAX_TAGS).toList();
    }

    private static List<String> details(Contract contract, List<String> parties, BigDecimal amount,
                                        boolean smart) {
        List<String> details = new ArrayList<>(4);
        details.add("**Parties:** " + String.join(", ", parties));
        details.add("**Amount:** " + money(amount));
        if (contract.terms() != null) {
            details.add("**Terms:** " + contract.terms());
        }
        details.add(smart ? "**Execution:** Automated via Smart Contract" : "**Execution:** Manual");
        return details;
    }
}
