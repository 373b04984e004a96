package io.smart402.core.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;

/**
 * E_LIMIT over the whole normalized document in one iterative walk: arrays longer than
 * {@code maxArrayItems}. The codec already refuses deep, long-string and oversized bodies while parsing;
 * depth and string length are checked again here for trees built in code, and numbers beyond the IEEE-754
 * range are refused because canonical JSON (spec §1.7) cannot represent them.
 */
final class LimitRules implements ContractRule {

    private final ContractLimits limits;

    LimitRules(ContractLimits limits) {
        this.limits = limits;
    }

    /**
     * A node still to visit. Its path is built only when an issue names it: building every member's path up
     * front was most of the bytes this walk allocated, for documents that almost never break a limit.
     */
    private record Pending(JsonNode node, Pending parent, String name, int index, int depth) {

        String path() {
            if (parent == null) {
                return "$";
            }
            return name != null ? JsonValues.member(parent.path(), name) : JsonValues.element(parent.path(), index);
        }
    }

    @Override
    public void check(ObjectNode c, Issues issues) {
        Deque<Pending> stack = new ArrayDeque<>();
        stack.push(new Pending(c, null, null, 0, 1));
        boolean depthReported = false;
        while (!stack.isEmpty()) {
            Pending p = stack.pop();
            JsonNode node = p.node();
            if (node.isContainerNode() && p.depth() > limits.maxDepth()) {
                if (!depthReported) {
                    issues.add(IssueCode.E_LIMIT, p.path(), "contract exceeds limit max-depth");
                    depthReported = true;
                }
                continue;
            }
            if (node.isArray()) {
                if (node.size() > limits.maxArrayItems()) {
                    issues.add(IssueCode.E_LIMIT, p.path(), "contract exceeds limit max-array-items");
                }
                for (int i = node.size() - 1; i >= 0; i--) {
                    stack.push(new Pending(node.get(i), p, null, i, p.depth() + 1));
                }
            } else if (node.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> member = it.next();
                    stack.push(new Pending(member.getValue(), p, member.getKey(), 0, p.depth() + 1));
                }
            } else if (node.isTextual() && node.textValue().length() > limits.maxStringLength()) {
                issues.add(IssueCode.E_LIMIT, p.path(), "contract exceeds limit max-string-length");
            } else if (node.isNumber() && !Double.isFinite(node.doubleValue())) {
                issues.add(IssueCode.E_LIMIT, p.path(), "contract exceeds limit number-range");
            }
        }
    }
}
