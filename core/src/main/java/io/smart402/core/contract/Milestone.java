package io.smart402.core.contract;

import java.math.BigDecimal;
import java.util.List;

/** A milestone of a milestone-paid contract (spec §1.4). {@code dueDate} is {@code YYYY-MM-DD} or null. */
public record Milestone(String id, String title, BigDecimal amount, String dueDate, List<String> deliverables) {

    public Milestone {
        deliverables = List.copyOf(deliverables);
    }
}
