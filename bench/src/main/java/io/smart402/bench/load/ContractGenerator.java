package io.smart402.bench.load;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smart402.core.contract.ContractType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Deterministic, seeded generator of realistic, valid contract documents for load: every contract type of the
 * registry (spec §1.6) plus a custom slug, with the fields a real contract of that type carries (parties with
 * wallets, payment, conditions with their oracles, milestones, splits, tiers, terms, metadata).
 *
 * <p>Unlike the hostile test samples in core's test sources, these look like production traffic: 1–5 KB of JSON
 * each, ASCII-mostly text, and every one passes validation and all four phases. Contract {@code i} depends only on
 * {@code (seed, i)}, so any index can be regenerated on demand and a run is reproducible on every JVM; its id is
 * {@code prefix + i}, so ids are unique per run prefix.
 */
public final class ContractGenerator {

    /** The registry's canonical types followed by a custom slug ({@code W_TYPE_UNKNOWN}, category general). */
    public static final List<String> TYPES = List.of(
            "saas-subscription", "saas-reseller", "freelancer-milestone", "supply-chain", "affiliate-commission",
            "vendor-sla", "one-time-payment", "api-payment", "escrow", "nda", "equipment-lease");

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final HexFormat HEX = HexFormat.of();
    // Only networks the X402 router connects, so every generated contract gets a payment route (spec §2.4).
    private static final List<String> NETWORKS = List.of("polygon", "ethereum", "arbitrum", "optimism", "base");
    private static final List<String> TOKENS = List.of("USDC", "USDC", "USDT", "DAI", "ETH");
    private static final List<String> COMPANIES = List.of(
            "northwind", "contoso", "fabrikam", "initech", "globex", "umbrella", "stark", "wayne", "acme", "hooli",
            "vandelay", "wonka", "tyrell", "soylent", "cyberdyne", "aperture");
    private static final List<String> PLATFORMS = List.of("chatgpt", "claude", "perplexity", "gemini");
    private static final List<String> JURISDICTIONS = List.of("Delaware", "California", "New York", "England",
            "Ireland", "Singapore");
    private static final List<String> PHRASES = List.of(
            "Payment is released automatically once every required condition is met",
            "Late delivery reduces the payable amount by two percent per day",
            "Either party may terminate with thirty days written notice",
            "Disputes go to the agreed resolution method before any court",
            "The provider keeps an audit log of every oracle reading",
            "Invoices are settled on chain in the agreed token",
            "Service credits apply when monthly uptime falls below the target",
            "Confidential information stays confidential for three years");

    private final long seed;
    private final String prefix;

    /** Contracts of {@code seed} whose ids are {@code prefix + index}. */
    public ContractGenerator(long seed, String prefix) {
        this.seed = seed;
        this.prefix = prefix;
    }

    public long seed() {
        return seed;
    }

    /** The id of contract {@code index}. */
    public String id(long index) {
        return prefix + index;
    }

    /** The type of contract {@code index} (types are cycled so any run of 11 covers them all). */
    public static String typeOf(long index) {
        return TYPES.get((int) (index % TYPES.size()));
    }

    /** Contract {@code index} as a JSON document; same seed, prefix and index, same document. */
    public ObjectNode contract(long index) {
        return new Builder(new Random(mix(seed, index)), index, id(index), typeOf(index)).build();
    }

    /** SplitMix64 finaliser: independent-looking streams for neighbouring indexes. */
    static long mix(long seed, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static final class Builder {
        private final Random r;
        private final long index;
        private final String id;
        private final String type;
        private final ContractType registry;
        private final String payee;
        private final String payer;

        Builder(Random r, long index, String id, String type) {
            this.r = r;
            this.index = index;
            this.id = id;
            this.type = type;
            this.registry = ContractType.resolve(type);
            this.payee = pick(COMPANIES);
            String other = pick(COMPANIES);
            this.payer = other.equals(payee) ? other + "-holdings" : other;
        }

        ObjectNode build() {
            ObjectNode c = NODES.objectNode();
            c.put("id", id);
            c.put("type", type);
            c.put("version", "1.0.0");
            c.set("parties", parties());
            String frequency = frequency();
            ObjectNode payment = payment(frequency);
            c.set("payment", payment);
            if (frequency.equals("milestone")) {
                c.set("milestones", milestones(payment.get("amount").decimalValue()));
            }
            conditions(c);
            if (type.equals("freelancer-milestone") || type.equals("escrow") || r.nextInt(4) == 0) {
                ObjectNode dispute = c.putObject("dispute");
                dispute.put("method", r.nextBoolean() ? "multisig" : "arbitrator");
                if (dispute.get("method").textValue().equals("multisig")) {
                    dispute.put("requiredSignatures", 2);
                }
            }
            c.put("description", description());
            c.put("terms", terms(frequency));
            if (r.nextBoolean()) {
                ArrayNode obligations = c.putArray("obligations");
                for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
                    obligations.add(pick(PHRASES));
                }
            }
            c.set("metadata", metadata());
            return c;
        }

        private ArrayNode parties() {
            ArrayNode parties = NODES.arrayNode();
            party(parties, registry.payeeRole(), payee);
            party(parties, registry.payerRole(), payer);
            if (type.equals("supply-chain") || r.nextInt(5) == 0) {
                party(parties, type.equals("supply-chain") ? "distributor" : "witness", pick(COMPANIES) + "-ops");
            }
            return parties;
        }

        private void party(ArrayNode parties, String role, String company) {
            ObjectNode p = parties.addObject();
            p.put("role", role);
            p.put("identifier", role + "@" + company + ".example");
            p.put("name", Character.toUpperCase(company.charAt(0)) + company.substring(1) + " " + pick(List.of(
                    "Inc", "Ltd", "GmbH", "LLC", "SA")));
            p.put("wallet", "0x" + HEX.formatHex(bytes(20)));
        }

        private String frequency() {
            return switch (registry.canonicalName()) {
                case "saas-subscription" -> r.nextInt(4) == 0 ? "yearly" : "monthly";
                case "freelancer-milestone", "escrow" -> "milestone";
                case "supply-chain" -> "on-delivery";
                case "affiliate-commission", "saas-reseller" -> "monthly";
                case "vendor-sla" -> "per-incident";
                case "api-payment" -> "per-request";
                case "one-time-payment", "nda" -> "one-time";
                default -> pick(List.of("weekly", "monthly", "one-time"));
            };
        }

        private ObjectNode payment(String frequency) {
            ObjectNode p = NODES.objectNode();
            String token = pick(TOKENS);
            BigDecimal amount = switch (frequency) {
                case "per-request" -> BigDecimal.valueOf(1 + r.nextInt(500), 4);
                case "milestone" -> BigDecimal.valueOf(1_000L * (2 + r.nextInt(60)));
                case "on-delivery" -> BigDecimal.valueOf(5_000L + r.nextInt(500_000));
                default -> BigDecimal.valueOf(1_000 + r.nextInt(500_000), 2);
            };
            p.set("amount", NODES.numberNode(amount));
            p.put("currency", "USD");
            p.put("token", token);
            p.put("blockchain", pick(NETWORKS));
            p.put("frequency", frequency);
            if (frequency.equals("monthly")) {
                p.put("dayOfMonth", 1 + r.nextInt(28));
            }
            if (frequency.equals("milestone")) {
                p.put("escrow", true);
            }
            if (type.equals("supply-chain") && r.nextBoolean()) {
                ArrayNode splits = p.putArray("splits");
                int share = 50 + r.nextInt(40);
                splits.addObject().put("party", registry.payeeRole() + "@" + payee + ".example").put("percentage", share);
                splits.addObject().put("party", registry.payerRole() + "@" + payer + ".example")
                        .put("percentage", 100 - share);
            }
            if (type.equals("affiliate-commission")) {
                p.put("structure", "tiered_commission");
                ArrayNode tiers = p.putArray("tiers");
                tiers.addObject().put("threshold", 0).put("rate", new BigDecimal("0.05"));
                tiers.addObject().put("threshold", 10_000).put("rate", new BigDecimal("0.075"));
                tiers.addObject().put("threshold", 50_000).put("rate", new BigDecimal("0.1"));
            }
            return p;
        }

        private ArrayNode milestones(BigDecimal total) {
            ArrayNode out = NODES.arrayNode();
            int count = 2 + r.nextInt(4);
            long units = total.longValueExact();
            long assigned = 0;
            LocalDate due = LocalDate.of(2025, 1 + r.nextInt(12), 1 + r.nextInt(28));
            for (int i = 0; i < count; i++) {
                long part = i == count - 1 ? units - assigned : units / count;
                assigned += part;
                due = due.plusDays(7 + r.nextInt(21));
                ObjectNode m = out.addObject();
                m.put("id", "m" + (i + 1));
                m.put("title", pick(List.of("Design", "Implementation", "Integration", "Testing", "Rollout"))
                        + " phase " + (i + 1));
                m.set("amount", NODES.numberNode(BigDecimal.valueOf(part)));
                m.put("dueDate", due.toString());
                m.putArray("deliverables").add("Deliverable " + (i + 1) + " accepted by the client");
            }
            return out;
        }

        private void conditions(ObjectNode c) {
            int count = type.equals("nda") ? 1 : 1 + r.nextInt(4);
            ArrayNode conditions = c.putArray("conditions");
            ArrayNode oracles = c.putArray("oracles");
            String[][] catalogue = {
                {"service_active", "Service must be active", "service_api", "equals"},
                {"uptime_met", "Monthly uptime is at least the agreed target", "monitoring_api", "greater_than_or_equal"},
                {"delivery_confirmed", "Delivery confirmed by the buyer signature", "shipment_tracking", "equals"},
                {"temp_max", "Cargo temperature stays at or below 8 celsius", "iot_sensors", "less_than_or_equal"},
                {"tests_pass", "Test coverage stays above the agreed minimum", "ci_api", "greater_than"},
                {"requests_counted", "Metered requests are reported by the gateway", "gateway_api", "greater_than"},
            };
            int first = r.nextInt(catalogue.length);
            for (int i = 0; i < count; i++) {
                String[] e = catalogue[(first + i) % catalogue.length];
                ObjectNode k = conditions.addObject();
                k.put("id", e[0]);
                k.put("description", e[1]);
                k.put("source", e[2]);
                k.put("operator", e[3]);
                if (e[3].equals("equals")) {
                    k.put("expected", true);
                } else {
                    k.set("threshold", NODES.numberNode(e[0].equals("uptime_met") ? new BigDecimal("0.99")
                            : BigDecimal.valueOf(r.nextInt(100))));
                }
                ObjectNode o = oracles.addObject();
                o.put("id", e[2]);
                boolean chainlink = r.nextInt(4) == 0;
                o.put("type", e[2].equals("iot_sensors") ? "iot_sensor" : chainlink ? "chainlink" : "custom_api");
                if (chainlink && !e[2].equals("iot_sensors")) {
                    o.put("address", "0x" + HEX.formatHex(bytes(20)));
                } else {
                    o.put("endpoint", "https://api." + payee + ".example/" + e[2].replace('_', '/'));
                }
                o.put("refreshRate", pick(List.of("1 hour", "5 minutes", "real_time")));
                o.put("required", true);
            }
        }

        private String description() {
            return "Automated " + registry.category().replace('-', ' ') + " contract between "
                    + payee + " and " + payer + " (" + type + ", #" + index + ")";
        }

        private String terms(String frequency) {
            StringBuilder t = new StringBuilder("The ").append(registry.payerRole()).append(" shall pay the ")
                    .append(registry.payeeRole()).append(' ').append(frequency).append(". ");
            for (int i = 0, n = 2 + r.nextInt(4); i < n; i++) {
                t.append(pick(PHRASES)).append(". ");
            }
            return t.toString().trim();
        }

        private ObjectNode metadata() {
            ObjectNode m = NODES.objectNode();
            m.put("title", Character.toUpperCase(type.charAt(0)) + type.substring(1).replace('-', ' ') + " with "
                    + payer);
            m.put("category", registry.category());
            m.putArray("tags").add(type).add(registry.category());
            ArrayNode keywords = m.putArray("keywords");
            keywords.add(type.replace('-', ' ')).add("smart contract").add("x402 payment");
            if (r.nextBoolean()) {
                keywords.add(registry.category().replace('-', ' '));
            }
            m.put("jurisdiction", pick(JURISDICTIONS));
            ArrayNode platforms = m.putArray("platforms");
            for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
                platforms.add(PLATFORMS.get((int) ((index + i) % PLATFORMS.size())));
            }
            long created = 1_704_067_200L + r.nextInt(300 * 86_400); // during 2024
            m.put("createdAt", Instant.ofEpochSecond(created).toString());
            m.put("updatedAt", Instant.ofEpochSecond(created + r.nextInt(30 * 86_400)).toString());
            m.put("asOf", Instant.ofEpochSecond(created + 40L * 86_400).toString());
            m.put("smartContractEnabled", true);
            return m;
        }

        private byte[] bytes(int n) {
            byte[] b = new byte[n];
            r.nextBytes(b);
            return b;
        }

        private <T> T pick(List<T> values) {
            return values.get(r.nextInt(values.size()));
        }
    }
}
