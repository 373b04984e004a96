package io.smart402.core.phase.llmo;

import io.smart402.core.contract.Payment;

/**
 * When a contract's payment rule fires (spec §2.2): a cron schedule for the calendar frequencies, otherwise
 * an event.
 *
 * @param trigger {@code time_based} or {@code event_based}
 * @param cron    the cron expression of a time-based trigger, else null
 * @param event   the event of an event-based trigger, else null
 * @param when    the same in words, for the human layer
 */
record Schedule(String trigger, String cron, String event, String when) {

    static final String TIME_BASED = "time_based";
    static final String EVENT_BASED = "event_based";

    static Schedule of(Payment payment) {
        String frequency = payment == null || payment.frequency() == null ? "" : payment.frequency();
        return switch (frequency) {
            case "monthly" -> {
                int day = payment.dayOfMonth() > 0 ? payment.dayOfMonth() : 1;
                yield time("0 0 " + day + " * *", "Monthly on day " + day + " at 00:00 UTC");
            }
            case "weekly" -> time("0 0 * * 1", "Weekly on Monday at 00:00 UTC");
            case "daily" -> time("0 0 * * *", "Daily at 00:00 UTC");
            case "yearly" -> time("0 0 1 1 *", "Yearly on January 1 at 00:00 UTC");
            case "milestone" -> event("milestone_approved", "When each milestone is approved");
            case "on-delivery" -> event("delivery_confirmed", "Upon confirmed delivery");
            case "per-request" -> event("request_received", "On each paid request");
            case "per-incident" -> event("incident_reported", "On each reported incident");
            default -> event("conditions_met", "Once, when the contract is executed");
        };
    }

    /** Whether payments recur on a calendar schedule (used for the renewal wording). */
    boolean recurring() {
        return TIME_BASED.equals(trigger);
    }

    private static Schedule time(String cron, String when) {
        return new Schedule(TIME_BASED, cron, null, when);
    }

    private static Schedule event(String event, String when) {
        return new Schedule(EVENT_BASED, null, event, when);
    }
}
