package io.smart402.core.phase.llmo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smart402.core.contract.Condition;
import io.smart402.core.contract.Contract;
import io.smart402.core.contract.Dispute;
import io.smart402.core.contract.Party;
import io.smart402.core.contract.Payment;
import io.smart402.core.phase.aeo.PyText;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The natural-language parts of the UCL document (spec §2.2): the human-layer {@code summary} and the
 * {@code llm_instructions}. The title and plain-English text are also read by the SCC and X402 phases.
 */
final class UclNarrative {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final String DEFAULT_NOTICE = "30 days";
    /** "30 days notice", "30-day notice", "30 days' written notice", "30 days of notice". */
    private static final Pattern NOTICE = Pattern.compile(
            "(\\d+)[\\s-]*days?'?\\s+(?:of\\s+)?(?:prior\\s+|written\\s+)?notice", Pattern.CASE_INSENSITIVE);

    private static final String HOW_TO_READ = "This contract has four main sections: "
            + "1. PAYMENT: look at \"payment.amount\" for the price; "
            + "2. CONDITIONS: check \"conditions.required\" for what must be true; "
            + "3. RULES: see \"rules\" for when and how payments execute; "
            + "4. ORACLES: find \"oracles\" for the data sources.";
    private static final String HOW_TO_VERIFY = "To verify this contract: "
            + "1. check that all required conditions are defined; "
            + "2. verify that every condition source is a declared oracle; "
            + "3. confirm that the payment logic is unambiguous; "
            + "4. ensure that dispute resolution is specified.";

    private UclNarrative() {
    }

    /** {@code metadata.title}, else TitleCase(type) + " Agreement". */
    static String title(Contract contract) {
        String title = contract.metadata().title();
        return title != null ? title : PyText.title(contract.type()) + " Agreement";
    }

    /**
     * {@code This {type} contract between {payee} and {payer}. Payment of {amount} {token} is made {frequency}
     * on {blockchain}.} followed by one {@code Requires: {description}.} per required condition.
     */
    static String plainEnglish(Contract contract, Roles roles) {
        Payment payment = contract.payment();
        StringBuilder text = new StringBuilder("This ").append(contract.type()).append(" contract between ")
                .append(roles.payeeId()).append(" and ").append(roles.payerId()).append(". Payment of ")
                .append(amountText(payment)).append(' ').append(orEmpty(payment == null ? null : payment.token()))
                .append(" is made ").append(orEmpty(payment == null ? null : payment.frequency()))
                .append(" on ").append(orEmpty(payment == null ? null : payment.blockchain())).append('.');
        for (Condition condition : requiredConditions(contract)) {
            // A description that already ends its sentence must not produce "..".
            String description = orEmpty(condition.description()).strip();
            if (description.endsWith(".")) {
                description = description.substring(0, description.length() - 1);
            }
            text.append(" Requires: ").append(description).append('.');
        }
        return text.toString();
    }

    static ObjectNode summary(Contract contract, Roles roles, Schedule schedule) {
        ObjectNode summary = NODES.objectNode();
        summary.put("title", title(contract));
        summary.put("plain_english", plainEnglish(contract, roles));
        summary.put("what_it_does", whatItDoes(contract, roles));
        summary.put("who_its_for", whoItsFor(contract));
        summary.put("when_it_executes", whenItExecutes(contract, schedule));
        return summary;
    }

    static ObjectNode instructions(Contract contract, Schedule schedule) {
        ObjectNode instructions = NODES.objectNode();
        instructions.put("how_to_read", HOW_TO_READ);
        instructions.put("how_to_verify", HOW_TO_VERIFY);
        Payment payment = contract.payment();
        ArrayNode questions = instructions.putArray("common_questions");
        question(questions, "How much does this contract cost?", "Base price is " + amountText(payment) + " "
                + orEmpty(payment == null ? null : payment.currency()) + " per "
                + orEmpty(payment == null ? null : payment.frequency()));
        question(questions, "When do payments happen?", whenItExecutes(contract, schedule));
        question(questions, "What if something goes wrong?", "See 'dispute.method' for resolution process: "
                + contract.dispute().map(Dispute::method).orElse("none"));
        question(questions, "Can I cancel?", "Yes, with " + notice(contract) + " notice");
        return instructions;
    }

    /** The notice period stated in the terms ("… with 30 days notice"), else 30 days. */
    static String notice(Contract contract) {
        if (contract.terms() != null) {
            Matcher matcher = NOTICE.matcher(contract.terms());
            if (matcher.find()) {
                return matcher.group(1) + " days";
            }
        }
        return DEFAULT_NOTICE;
    }

    static List<Condition> requiredConditions(Contract contract) {
        return contract.conditions().stream().filter(Condition::required).toList();
    }

    static String amountText(Payment payment) {
        BigDecimal amount = payment == null ? null : payment.amount();
        return amount == null ? "0" : LlmoFormat.plainAmount(amount);
    }

    private static String whatItDoes(Contract contract, Roles roles) {
        Payment payment = contract.payment();
        String text = "Automates " + orEmpty(payment == null ? null : payment.frequency()) + " payments of "
                + amountText(payment) + " " + orEmpty(payment == null ? null : payment.token())
                + " from the " + role(roles.payer(), "payer") + " to the " + role(roles.payee(), "payee");
        int required = requiredConditions(contract).size();
        return required == 0 ? text : text + ", subject to " + required + " required condition"
                + (required == 1 ? "" : "s");
    }

    private static String whoItsFor(Contract contract) {
        Set<String> roles = new LinkedHashSet<>();
        for (Party party : contract.parties()) {
            if (party.role() != null) {
                roles.add(party.role());
            }
        }
        List<String> list = new ArrayList<>(roles);
        if (list.size() <= 1) {
            return String.join("", list);
        }
        return String.join(", ", list.subList(0, list.size() - 1)) + " and " + list.get(list.size() - 1);
    }

    private static String whenItExecutes(Contract contract, Schedule schedule) {
        return requiredConditions(contract).isEmpty()
                ? schedule.when()
                : schedule.when() + ", if all required conditions are met";
    }

    private static void question(ArrayNode questions, String q, String a) {
        ObjectNode item = questions.addObject();
        item.put("q", q);
        item.put("a", a);
    }

    private static String role(Party party, String fallback) {
        return party == null || party.role() == null ? fallback : party.role();
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
