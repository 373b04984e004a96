package io.smart402.core.phase.llmo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smart402.core.contract.Condition;
import io.smart402.core.contract.Contract;
import io.smart402.core.contract.Milestone;
import io.smart402.core.contract.Payment;
import java.math.BigDecimal;
import java.util.List;

/**
 * The logic layer of the UCL document (spec §2.2): one payment rule, or for milestone contracts one rule per
 * milestone ({@code milestone_1_payment}, …) in its place, since paying the full amount as well would pay twice.
 */
final class UclRules {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    static final String MILESTONE_EVENT = "milestone_approved";

    private UclRules() {
    }

    static ArrayNode build(Contract contract, Roles roles, Schedule schedule) {
        ArrayNode rules = NODES.arrayNode();
        Payment payment = contract.payment();
        List<Condition> required = UclNarrative.requiredConditions(contract);
        if (isMilestoneContract(contract)) {
            List<Milestone> milestones = contract.milestones();
            for (int k = 1; k <= milestones.size(); k++) {
                Milestone milestone = milestones.get(k - 1);
                ObjectNode rule = rules.addObject();
                rule.put("rule_id", "milestone_" + k + "_payment");
                rule.put("name", "Release milestone " + k + ": " + milestone.title());
                rule.put("trigger", Schedule.EVENT_BASED);
                rule.put("event", MILESTONE_EVENT);
                ObjectNode m = rule.putObject("milestone");
                m.put("id", milestone.id());
                m.put("title", milestone.title());
                m.put("amount", milestone.amount());
                if (milestone.dueDate() != null) {
                    m.put("due_date", milestone.dueDate());
                }
                conditions(rule, required);
                actions(rule, roles, payment, milestone.amount(), milestone.id());
            }
        } else {
            ObjectNode rule = rules.addObject();
            rule.put("rule_id", "payment_rule");
            rule.put("name", "Execute " + (payment == null ? "" : payment.frequency()) + " payment");
            rule.put("trigger", schedule.trigger());
            if (schedule.cron() != null) {
                rule.put("schedule", schedule.cron());
            } else {
                rule.put("event", schedule.event());
            }
            conditions(rule, required);
            actions(rule, roles, payment, payment == null ? null : payment.amount(), null);
        }
        return rules;
    }

    static boolean isMilestoneContract(Contract contract) {
        return contract.payment() != null && "milestone".equals(contract.payment().frequency())
                && !contract.milestones().isEmpty();
    }

    private static void conditions(ObjectNode rule, List<Condition> required) {
        ArrayNode allOf = rule.putObject("conditions").putArray("all_of");
        for (Condition condition : required) {
            allOf.add(condition.id() + " == true");
        }
    }

    private static void actions(ObjectNode rule, Roles roles, Payment payment, BigDecimal amount,
                                String milestoneId) {
        ArrayNode actions = rule.putArray("actions");
        ObjectNode calculate = actions.addObject();
        calculate.put("action", "calculate_amount");
        calculate.putObject("inputs").put("base", amount == null ? BigDecimal.ZERO : amount);
        calculate.put("output", "final_amount");

        ObjectNode execute = actions.addObject();
        execute.put("action", "execute_payment");
        execute.put("from", roles.payerId());
        execute.put("to", roles.payeeId());
        execute.put("amount", "${final_amount}");
        execute.put("token", payment == null ? null : payment.token());
        execute.put("network", payment == null ? null : payment.blockchain());

        ObjectNode emit = actions.addObject();
        emit.put("action", "emit_event");
        emit.put("event", "payment_executed");
        ObjectNode data = emit.putObject("data");
        data.put("amount", "${final_amount}");
        if (milestoneId != null) {
            data.put("milestone_id", milestoneId);
        }
    }
}
