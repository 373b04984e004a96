package io.smart402.core.contract;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A condition the payment depends on (spec §1.4). Operators are normalized to their long names.
 *
 * @param threshold numeric threshold of ordering operators, may be null
 * @param expected  scalar expected by {@code equals}/{@code not_equals}, may be null (an immutable value node)
 */
public record Condition(String id, String description, String source, String operator, JsonNode threshold,
                        JsonNode expected, String metric, String type, boolean required) {
}
