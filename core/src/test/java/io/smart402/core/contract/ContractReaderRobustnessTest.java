package io.smart402.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smart402.core.testing.ContractSamples;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The reader never throws for bad input: seeded mutations of valid samples are accepted or rejected, nothing else. */
class ContractReaderRobustnessTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    @Test
    void randomlyMutatedContractsAreAcceptedOrRejectedWithoutThrowing() {
        Random random = new Random(7);
        List<ObjectNode> samples = ContractSamples.generate(11L, 300);
        int rejected = 0;
        for (int i = 0; i < samples.size(); i++) {
            for (int round = 0; round < 5; round++) {
                ObjectNode document = samples.get(i).deepCopy();
                for (int k = 0, n = 1 + random.nextInt(3); k < n; k++) {
                    mutate(document, random);
                }
                ReadResult[] result = new ReadResult[1];
                assertThatCode(() -> result[0] = Fixtures.READER.read(document)).as("%s", document)
                        .doesNotThrowAnyException();
                if (result[0] instanceof ReadResult.Rejected r) {
                    rejected++;
                    assertThat(r.errors()).isNotEmpty().allSatisfy(e -> assertThat(e.isWarning()).isFalse());
                }
            }
        }
        assertThat(rejected).as("mutations should mostly break contracts").isGreaterThan(500);
    }

    /** Replaces one randomly chosen value anywhere in the tree with a value of a random (often wrong) type. */
    private static void mutate(ObjectNode root, Random random) {
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        JsonNode container = containers.get(random.nextInt(containers.size()));
        JsonNode replacement = junk(random);
        if (container instanceof ObjectNode object && object.size() > 0) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            String name = names.get(random.nextInt(names.size()));
            if (random.nextInt(4) == 0) {
                object.remove(name);
            } else {
                object.set(name, replacement);
            }
        } else if (container instanceof ArrayNode array && array.size() > 0) {
            int index = random.nextInt(array.size());
            if (random.nextInt(4) == 0) {
                array.remove(index);
            } else {
                array.set(index, replacement);
            }
        }
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        if (node.isContainerNode()) {
            out.add(node);
            node.forEach(child -> collect(child, out));
        }
    }

    private static JsonNode junk(Random random) {
        return switch (random.nextInt(14)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.textNode("");
            case 2 -> NODES.textNode("x".repeat(random.nextInt(300)));
            case 3 -> NODES.numberNode(new BigDecimal("1E+400"));
            case 4 -> NODES.numberNode(new BigDecimal("1E-400"));
            case 5 -> NODES.numberNode(-random.nextInt(100));
            case 6 -> DoubleNode.valueOf(Double.NaN);
            case 7 -> NODES.booleanNode(random.nextBoolean());
            case 8 -> NODES.arrayNode().add(1).add("a").addNull();
            case 9 -> NODES.objectNode().put("id", "x").putNull("type");
            case 10 -> NODES.numberNode(new BigDecimal("0.0000000000000000000000001"));
            case 11 -> NODES.textNode("monthly");
            case 12 -> NODES.numberNode(new BigDecimal("123456789012345678901234567890"));
            default -> NODES.textNode("0x" + "a".repeat(40));
        };
    }
}
