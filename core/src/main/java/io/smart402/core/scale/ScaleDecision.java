package io.smart402.core.scale;

import java.time.Instant;
import java.util.List;

/**
 * One evaluation of the scaler, with its evidence: every metric's reading and proposal, the largest proposal,
 * and which rules changed it on the way to {@code desired}.
 *
 * @param current   instances when the decision was taken
 * @param proposed  the largest proposal of any metric ({@code current} when no metric had a value)
 * @param desired   what the scaler asked the actuator for
 * @param limitedBy the rules that moved the proposal, in the order they applied: {@code stabilization},
 *                  {@code rate-limit}, {@code min}, {@code max}, {@code cooldown}
 */
public record ScaleDecision(Instant at, int current, int proposed, int desired, List<Reading> readings,
                            List<String> limitedBy) {

    public ScaleDecision {
        readings = List.copyOf(readings);
        limitedBy = List.copyOf(limitedBy);
    }

    /**
     * One metric in one decision.
     *
     * @param value     the metric read (null: no value this round)
     * @param proposal  what the rule asks for now (null without a value)
     * @param predicted what the rule asks for at the forecast load, {@code lead-time} ahead (null without a
     *                  prediction or before it has enough samples)
     */
    public record Reading(String metric, Double value, Integer proposal, Double forecast, Integer predicted) {
    }

    /** The change this decision asks for. */
    public enum Direction { UP, DOWN, NONE }

    public Direction direction() {
        return desired > current ? Direction.UP : desired < current ? Direction.DOWN : Direction.NONE;
    }

    /** One line for the log. */
    public String reason() {
        StringBuilder b = new StringBuilder();
        b.append(current).append(" -> ").append(desired).append(" (proposed ").append(proposed);
        for (Reading r : readings) {
            b.append("; ").append(r.metric()).append('=').append(r.value() == null ? "n/a" : fmt(r.value()));
            if (r.proposal() != null) {
                b.append(" wants ").append(r.proposal());
            }
            if (r.predicted() != null) {
                b.append(", forecast ").append(fmt(r.forecast())).append(" wants ").append(r.predicted());
            }
        }
        if (!limitedBy.isEmpty()) {
            b.append("; limited by ").append(String.join(", ", limitedBy));
        }
        return b.append(')').toString();
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.3g", v);
    }
}
