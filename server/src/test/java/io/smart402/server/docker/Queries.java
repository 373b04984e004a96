package io.smart402.server.docker;

import static io.smart402.server.docker.DockerTools.DOCKER;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every PromQL query {@code docker/} ships (alerting and recording rules, the Grafana dashboard's panels, the KEDA
 * triggers), by where it is, and the metric names a query reads.
 */
final class Queries {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan", "by",
            "without", "on", "ignoring", "group_left", "group_right");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private Queries() {
    }

    /** {@code where → expr} of every rule in docker/prometheus/rules. */
    static Map<String, String> rules() {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode group : read(YAML, DOCKER.resolve("prometheus/rules/smart402.yml")).get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                String name = rule.has("alert") ? rule.get("alert").asText() : rule.get("record").asText();
                out.put("rule " + name, rule.get("expr").asText());
            }
        }
        return out;
    }

    /** The names the recording rules define. */
    static Set<String> recorded() {
        Set<String> out = new TreeSet<>();
        for (JsonNode group : read(YAML, DOCKER.resolve("prometheus/rules/smart402.yml")).get("groups")) {
            group.get("rules").forEach(rule -> {
                if (rule.has("record")) {
                    out.add(rule.get("record").asText());
                }
            });
        }
        return out;
    }

    /** {@code where → expr} of every target of every panel of the dashboards in docker/grafana/dashboards. */
    static Map<String, String> dashboard() {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode panel : read(JSON, DOCKER.resolve("grafana/dashboards/smart402.json")).get("panels")) {
            for (JsonNode target : panel.path("targets")) {
                out.put("panel '" + panel.get("title").asText() + "' " + target.get("refId").asText(),
                        target.get("expr").asText());
            }
        }
        return out;
    }

    /** {@code where → query} of every Prometheus trigger of the KEDA ScaledObject in docker/k8s/base. */
    static Map<String, String> keda() {
        Map<String, String> out = new LinkedHashMap<>();
        Path file = DOCKER.resolve("k8s/base/scaling.yaml");
        try (YAMLParser parser = new YAMLFactory().createParser(file.toFile())) {
            for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
                JsonNode object = it.next();
                if (object instanceof ObjectNode && object.path("kind").asText().equals("ScaledObject")) {
                    for (JsonNode trigger : object.path("spec").path("triggers")) {
                        out.put("keda trigger " + trigger.path("name").asText(),
                                trigger.path("metadata").path("query").asText());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** All of the above. */
    static Map<String, String> all() {
        Map<String, String> out = new LinkedHashMap<>(rules());
        out.putAll(dashboard());
        out.putAll(keda());
        return out;
    }

    /**
     * The metric names a PromQL expression selects: identifiers left once strings, label matchers, ranges and
     * grouping clauses are removed, less functions (followed by a parenthesis) and keywords.
     */
    static Set<String> metricNames(String promql) {
        String s = promql.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"").replaceAll("'(?:[^'\\\\]|\\\\.)*'", "''")
                .replaceAll("\\{[^}]*}", " ").replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                .replaceAll("\\boffset\\s+\\w+", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            if (m.start() > 0 && (Character.isLetterOrDigit(s.charAt(m.start() - 1)) || s.charAt(m.start() - 1) == '.')) {
                continue; // the exponent or fraction of a number (1e3, 0.5)
            }
            int next = m.end();
            while (next < s.length() && Character.isWhitespace(s.charAt(next))) {
                next++;
            }
            String token = m.group();
            if ((next < s.length() && s.charAt(next) == '(') || KEYWORDS.contains(token.toLowerCase())) {
                continue;
            }
            names.add(token);
        }
        return names;
    }

    private static JsonNode read(ObjectMapper mapper, Path file) {
        try {
            return mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every expression as a recording rule, so {@code promtool check rules} parses the PromQL of each. */
    static String asRuleFile(Map<String, String> queries) {
        StringBuilder out = new StringBuilder("groups:\n  - name: syntax\n    rules:\n");
        List<String> exprs = new ArrayList<>(queries.values());
        for (int i = 0; i < exprs.size(); i++) {
            out.append("      - record: check:query_").append(i).append("\n        expr: ")
                    .append(JSON.valueToTree(exprs.get(i)).toString()).append('\n');
        }
        return out.toString();
    }
}
