package io.smart402.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smart402.core.contract.Contract;
import io.smart402.core.contract.ContractLimits;
import io.smart402.core.contract.ContractReader;
import io.smart402.core.contract.ContractType;
import io.smart402.core.contract.ReadResult;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Deterministic, seeded generator of <em>valid</em> contract documents (spec §1) for tests of every module.
 *
 * <p>The samples are raw input documents (before normalization): feed them to {@code ContractReader} and
 * every one is accepted. They deliberately mix the accepted input forms (aliases, string parties, the UCL
 * conditions form, the legacy flat form, absent ids) with hostile-but-valid content: unicode of every
 * script, emoji, right-to-left text, comment terminators, quotes, backslashes, control characters, Solidity
 * keywords and digit-first or spaced names as roles, 128-char ids, amounts up to 1e9 with the token's full
 * precision.
 *
 * <p>Coverage is index-driven so that even short runs see every value: sample {@code i} has type
 * {@code TYPES[i % TYPES.size()]}, frequency {@code FREQUENCIES[i % 9]}, network
 * {@code NETWORKS[(i + i / 9) % 9]}, token {@code TOKENS[i % 6]}, and its conditions start at operator
 * {@code i % 13}. Everything else is drawn from a {@link Random} seeded per sample, so
 * {@code generate(seed, n)} is a prefix of {@code generate(seed, n + k)} and identical on every JVM.
 */
public final class ContractSamples {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final HexFormat HEX = HexFormat.of();

    /** Types cycled through: every canonical name, many aliases, and custom slugs ({@code W_TYPE_UNKNOWN}). */
    public static final List<String> TYPES = List.of(
            "saas-subscription", "saas-reseller", "freelancer-milestone", "supply-chain", "affiliate-commission",
            "vendor-sla", "one-time-payment", "api-payment", "escrow", "nda",
            "data-licensing", "saas", "SaaS_Reseller_Agreement", "freelancer-escrow", "Supply_Chain_Finance",
            "affiliate", "vendor_sla", "payment", "digital-product-purchase", "api-usage-payment",
            "Non_Disclosure_Agreement", "ip_royalty", "x9", "carbon-credit-offset-" + "z".repeat(43),
            "freelancer", "purchase", "supply_chain", "Freelancer_Contract", "rental-2025");

    /** Canonical frequencies (spec §1.3). */
    public static final List<String> FREQUENCIES = List.of(
            "one-time", "per-request", "daily", "weekly", "monthly", "yearly", "milestone", "on-delivery",
            "per-incident");

    /** Canonical networks (spec §1.3). */
    public static final List<String> NETWORKS = List.of(
            "ethereum", "polygon", "arbitrum", "optimism", "base", "base-sepolia", "polygon-amoy",
            "polygon-mumbai", "avalanche");

    /** Token families cycled through; {@code CUSTOM} stands for a custom ERC-20 symbol. */
    public static final List<String> TOKENS = List.of("USDC", "USDT", "DAI", "ETH", "MATIC", "CUSTOM");

    /** Long operator names followed by the short aliases (spec §1.4). */
    public static final List<String> OPERATORS = List.of(
            "equals", "not_equals", "greater_than", "less_than", "greater_than_or_equal", "less_than_or_equal",
            "contains", "eq", "ne", "gt", "lt", "gte", "lte");

    private static final List<String> FREQUENCY_ALIASES_OF = List.of(
            "once", "per_request", "daily", "weekly", "monthly", "annually", "milestone_based", "on_delivery",
            "per_incident");
    private static final List<String> NETWORK_INPUT_FORMS = List.of(
            "mainnet", "MATIC", "arbitrum-one", "Optimism", "BASE", "base-sepolia", "Polygon-Amoy",
            "polygon-mumbai", "Avalanche");
    /** Networks the X402 router connects (spec §2.4); a different sourceBlockchain is only drawn from these. */
    private static final List<String> ROUTABLE = List.of("ethereum", "polygon", "arbitrum", "optimism");
    private static final List<String> CUSTOM_TOKENS = List.of("WBTC", "EURC", "GHO", "A1", "ABCDEFGHIJK", "X402");
    private static final List<String> CURRENCIES = List.of("USD", "EUR", "GBP", "JPY", "CHF");
    private static final List<String> ORACLE_TYPES = List.of("chainlink", "custom_api", "smart_contract", "iot_sensor");
    private static final List<String> STRUCTURES = List.of(
            "fixed_amount", "tiered_commission", "percentage", "milestone_based", "recurring");
    private static final List<String> PLATFORMS = List.of("chatgpt", "claude", "perplexity", "gemini", "other",
            "ChatGPT", "copilot");

    /** Unicode text: accents, CJK, Cyrillic, Arabic and Hebrew (RTL), emoji with ZWJ, combining marks. */
    public static final List<String> UNICODE_TEXT = List.of(
            "Café crème — naïve façade, jalapeño piñata",
            "合同付款条款：每月支付",
            "支払い契約 ✓ 月額サービス",
            "Договор поставки № 42",
            "عقد الدفع الشهري للخدمة",
            "חוזה תשלום חודשי",
            "🚀 Launch 🎉 payment 💸 done ✅",
            "👩‍👩‍👧‍👦 family plan with ZWJ emoji",
            "Zażółć gęślą jaźń",
            "e\u0301te\u0301 combining accents",
            "संविदा भुगतान अनुबंध",
            "한국어 계약서 조건",
            "Ελληνικά: συμβόλαιο πληρωμής",
            "mixed עברית and English and العربية");

    /** Text that breaks naive code generators: comment terminators, quotes, escapes, control characters. */
    public static final List<String> HOSTILE_TEXT = List.of(
            "*/ selfdestruct(payable(msg.sender)); /*",
            "\"double\" 'single' `back` quotes",
            "back\\slash \\u0041 \\n \\\" not escapes",
            "line1\nline2\r\nline3\ttabbed",
            "// line comment\n/* unterminated block",
            "</script><script>alert(1)</script>",
            "${jndi:ldap://example.invalid/a} {{mustache}} %s %n",
            "pragma solidity ^0.4.0; contract Evil { function f() public {} }",
            "\u202Eevil right-to-left override\u202C",
            "nul\u0000byte and bell\u0007",
            "line\u2028separator\u2029paragraph",
            "unicode escape \\u202e written literally",
            "/** @notice fake natspec */",
            "'); DROP TABLE contracts; --");

    /** Roles that must be sanitized before becoming identifiers: keywords, digit-first, spaces, unicode. */
    public static final List<String> HOSTILE_ROLES = List.of(
            "contract", "function", "address", "mapping", "return", "uint256", "event", "emit", "payable",
            "constructor", "this", "super", "selfdestruct", "assembly", "1st party", "2nd-party", "42",
            "party with spaces", "Ærøskøbing supplier", "供应商", "role*/", "_", "__proto__", "-dash-first",
            "UPPER_CASE", "camelCaseRole", "party_1", "payee");

    private static final List<String> IDENTIFIER_STEMS = List.of(
            "billing@cloudsuite.example", "did:example:123456789abcdefghi", "urn:uuid:6e8bc430-9c3a-11d9-9669",
            "ünïcødé@exämple.org", "用户", "name with spaces", "a\"quote\\back", "party_a", "0xWalletAsIdentifier",
            "ops@logistics.example", "עמית@example.com", "🦄@emoji.example", "*/evil", "client");

    private static final List<String> CONDITION_IDS = List.of(
            "service_active", "uptime_met", "contract", "function", "return", "1st_check", "_", "a",
            "tests_pass", "temp_min", "x".repeat(64), "mapping", "0", "delivery_confirmed", "__init__");

    private static final List<String> ORACLE_IDS = List.of(
            "service_api", "monitoring_api", "iot.sensors-1", "Chainlink:ETH/USD", "oracle with spaces",
            "ÖRACLE", "ci_api", "contract", "1", "*/oracle");

    private static final List<String> MILESTONE_IDS = List.of("m", "phase-", "M.", "ms_", "stage:", "contract", "1");

    private ContractSamples() {
    }

    /** {@code count} valid contract documents for {@code seed}; same arguments, same documents. */
    public static List<ObjectNode> generate(long seed, int count) {
        List<ObjectNode> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(one(new Random(mix(seed, i)), i));
        }
        return out;
    }

    /**
     * The same samples read into {@link Contract}s with default limits, for tests of the phases.
     *
     * @throws IllegalStateException if a sample is rejected (a bug in this generator or the validator)
     */
    public static List<Contract> contracts(long seed, int count) {
        ContractReader reader = new ContractReader(ContractLimits.DEFAULTS);
        List<ObjectNode> documents = generate(seed, count);
        List<Contract> out = new ArrayList<>(count);
        for (int i = 0; i < documents.size(); i++) {
            ReadResult result = reader.read(documents.get(i));
            if (!(result instanceof ReadResult.Accepted accepted)) {
                throw new IllegalStateException("sample " + i + " of seed " + seed + " was rejected: " + result);
            }
            out.add(accepted.contract());
        }
        return out;
    }

    /** One valid contract document; {@code index} selects the covered type/frequency/network/token. */
    public static ObjectNode one(Random random, int index) {
        return new Sample(random, index).build();
    }

    private static long mix(long seed, int index) {
        long z = seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Number of fraction digits a token allows (spec §1.3). */
    public static int decimals(String token) {
        return token.equals("USDC") || token.equals("USDT") ? 6 : 18;
    }

    /** The state of one sample under construction. */
    private static final class Sample {
        private final Random r;
        private final int index;
        private final String type;
        private final String frequency;
        private final String network;
        private final String token;
        private final List<String> identifiers = new ArrayList<>();

        Sample(Random r, int index) {
            this.r = r;
            this.index = index;
            this.type = TYPES.get(index % TYPES.size());
            this.frequency = FREQUENCIES.get(index % FREQUENCIES.size());
            this.network = NETWORKS.get((index + index / NETWORKS.size()) % NETWORKS.size());
            String family = TOKENS.get(index % TOKENS.size());
            this.token = family.equals("CUSTOM") ? pick(CUSTOM_TOKENS) : family;
        }

        ObjectNode build() {
            if (index % 17 == 5) {
                return legacy();
            }
            ObjectNode c = NODES.objectNode();
            id(c);
            c.put("type", type);
            if (r.nextInt(3) == 0) {
                c.put("version", r.nextBoolean() ? "2.1.0" : "1.0.0-β");
            }
            c.set("parties", parties());
            ObjectNode payment = payment();
            c.set("payment", payment);
            if (frequency.equals("milestone")) {
                c.set("milestones", milestones(payment.get("amount").decimalValue()));
            }
            conditionsAndOracles(c);
            if (r.nextInt(3) == 0) {
                c.set("dispute", dispute());
            }
            if (r.nextInt(5) != 0) {
                c.put("description", text());
            }
            if (r.nextInt(4) != 0) {
                c.put("terms", terms());
            }
            if (r.nextInt(3) == 0) {
                ArrayNode obligations = c.putArray("obligations");
                for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
                    obligations.add(text());
                }
            }
            if (r.nextInt(6) != 0) {
                c.set("metadata", metadata());
            }
            if (r.nextInt(5) == 0) {
                c.put("target_query", r.nextBoolean() ? "best " + type + " contract" : text());
            }
            if (r.nextInt(6) == 0) {
                ObjectNode extension = c.putObject("x-vendor-extension");
                extension.put("note", text());
                extension.putArray("list").add(1).add(NODES.nullNode()).add(true);
            }
            return c;
        }

        /** The orchestrator demo's flat shape (spec §1.8), always USDC, amount within 6 decimals. */
        private ObjectNode legacy() {
            ObjectNode c = NODES.objectNode();
            c.put("id", "contract_" + index);
            c.put("type", type);
            c.set("amount", NODES.numberNode(amount(6, true)));
            ArrayNode parties = c.putArray("parties");
            parties.add("party_a_" + index).add("party_b_" + index);
            if (r.nextBoolean()) {
                parties.add("party_c_" + index);
            }
            c.put("description", "Payment contract " + index + (r.nextBoolean() ? "" : " " + text()));
            return c;
        }

        private void id(ObjectNode c) {
            switch (index % 8) {
                case 0 -> c.put("id", "smart402:" + type.toLowerCase(Locale.ROOT) + ":" + hex(6));
                case 1 -> c.put("id", "acme.contracts.v2." + index);
                case 2 -> c.put("id", "urn:smart402:" + index + ":rev:" + r.nextInt(100));
                case 3 -> c.put("id", "contract-" + index + "-" + hex(4));
                case 4 -> c.put("id", "contract_" + index);
                case 5 -> {
                    String head = "L" + index + ":";
                    String alphabet = "abcXYZ019:._-";
                    StringBuilder id = new StringBuilder(head);
                    while (id.length() < 128) {
                        id.append(alphabet.charAt(r.nextInt(alphabet.length())));
                    }
                    c.put("id", id.toString());
                }
                case 6 -> { } // no id: ContractBinder generates smart402:{canonicalType}:{hex16}
                default -> c.put("id", index + "" + (char) ('A' + r.nextInt(26)));
            }
        }

        private ArrayNode parties() {
            int count = 2 + (r.nextInt(4) == 0 ? 1 + r.nextInt(3) : 0);
            boolean strings = r.nextInt(5) == 0;
            boolean hostileMainRoles = r.nextInt(6) == 0;
            ArrayNode parties = NODES.arrayNode();
            for (int i = 0; i < count; i++) {
                String identifier = pick(IDENTIFIER_STEMS) + "-" + index + "-" + i;
                identifiers.add(identifier);
                if (strings) {
                    parties.add(identifier);
                    continue;
                }
                ObjectNode party = parties.addObject();
                if (i >= 2 || hostileMainRoles) {
                    party.put("role", pick(HOSTILE_ROLES));
                } else if (r.nextInt(8) != 0) {
                    // the registry's roles, in the positional order of spec §1.6 (absent role: normalizer fills it)
                    party.put("role", roleAt(i));
                }
                party.put("identifier", identifier);
                if (r.nextBoolean()) {
                    party.put("name", r.nextInt(3) == 0 ? pick(HOSTILE_TEXT) : pick(UNICODE_TEXT));
                }
                if (r.nextInt(4) != 0) {
                    party.put("wallet", address());
                }
            }
            return parties;
        }

        private String roleAt(int position) {
            return ContractType.resolve(type).roleAtPosition(position);
        }

        private ObjectNode payment() {
            ObjectNode p = NODES.objectNode();
            p.set("amount", NODES.numberNode(amount(decimals(token), frequency.equals("milestone"))));
            if (r.nextInt(5) != 0) {
                p.put("currency", pick(CURRENCIES));
            }
            p.put("token", token);
            if (r.nextInt(4) == 0) {
                p.put("blockchain", NETWORK_INPUT_FORMS.get(NETWORKS.indexOf(network)));
            } else if (!network.equals("polygon") || r.nextBoolean()) {
                p.put("blockchain", network); // polygon is also the default: sometimes left out
            }
            if (ROUTABLE.contains(network) && r.nextInt(4) == 0) {
                p.put("sourceBlockchain", pick(ROUTABLE));
            }
            p.put("frequency", r.nextInt(4) == 0 ? FREQUENCY_ALIASES_OF.get(FREQUENCIES.indexOf(frequency)) : frequency);
            if (frequency.equals("monthly") && r.nextInt(4) != 0) {
                p.put("dayOfMonth", 1 + r.nextInt(28));
            }
            if (frequency.equals("milestone") || r.nextInt(5) == 0) {
                p.put("escrow", true);
                if (r.nextBoolean()) {
                    p.put("escrowAddress", address());
                }
            } else if (r.nextBoolean()) {
                p.put("escrow", false);
            }
            if (r.nextInt(6) == 0) {
                p.put("payTo", address());
            }
            if (r.nextInt(4) == 0) {
                p.set("splits", splits());
            }
            if (r.nextInt(3) == 0) {
                String structure = STRUCTURES.get(index % STRUCTURES.size());
                p.put("structure", structure);
                if (structure.equals("tiered_commission")) {
                    ArrayNode tiers = p.putArray("tiers");
                    tiers.addObject().put("threshold", 0).put("rate", new BigDecimal("0.05"));
                    tiers.addObject().put("threshold", 10000).put("rate", new BigDecimal("0.075"));
                    tiers.addObject().put("threshold", new BigDecimal("50000.50")).put("rate", new BigDecimal("0.1"));
                }
            }
            return p;
        }

        /**
         * An amount with at most {@code decimals} significant fraction digits, in [0, 1e9]; strictly positive
         * (and at least one smallest unit per milestone) when {@code positive}.
         */
        private BigDecimal amount(int decimals, boolean positive) {
            switch (r.nextInt(12)) {
                case 0:
                    return new BigDecimal("1000000000");
                case 1: // the largest amount with full precision
                    return new BigDecimal("999999999." + "9".repeat(decimals));
                case 2: // large with random full precision
                    return new BigDecimal(BigInteger.valueOf(100_000_000L + r.nextInt(900_000_000))
                            .multiply(BigInteger.TEN.pow(decimals))
                            .add(new BigInteger(62, r).mod(BigInteger.TEN.pow(decimals))), decimals);
                case 3: // trailing zeros beyond the token's precision are fine: 12.5000000000
                    return new BigDecimal(r.nextInt(1000) + 1 + ".5" + "0".repeat(decimals + 2));
                case 4:
                    return positive ? new BigDecimal("99.00") : BigDecimal.ZERO;
                case 5: // the smallest unit: 0.000001 or 1E-18
                    return positive && frequency.equals("milestone")
                            ? BigDecimal.valueOf(5, decimals) : BigDecimal.valueOf(1, decimals);
                default:
                    int scale = r.nextInt(3);
                    return BigDecimal.valueOf(1 + r.nextInt(100_000) * (long) Math.pow(10, scale)
                            + r.nextInt((int) Math.pow(10, scale)), scale);
            }
        }

        /** 1–5 milestones whose amounts are positive, within the amount's precision, and sum exactly to it. */
        private ArrayNode milestones(BigDecimal total) {
            int scale = Math.max(0, total.stripTrailingZeros().scale());
            BigInteger units = total.movePointRight(scale).toBigIntegerExact();
            int count = (int) Math.min(1 + r.nextInt(5), units.min(BigInteger.valueOf(5)).longValueExact());
            BigInteger spare = units.subtract(BigInteger.valueOf(count));
            int[] weights = new int[count];
            int weightSum = 0;
            for (int i = 0; i < count; i++) {
                weights[i] = 1 + r.nextInt(10);
                weightSum += weights[i];
            }
            ArrayNode milestones = NODES.arrayNode();
            BigInteger assigned = BigInteger.ZERO;
            LocalDate due = LocalDate.of(2024 + r.nextInt(3), 1 + r.nextInt(12), 1 + r.nextInt(28));
            String stem = pick(MILESTONE_IDS);
            for (int i = 0; i < count; i++) {
                BigInteger part = i == count - 1
                        ? units.subtract(assigned)
                        : BigInteger.ONE.add(spare.multiply(BigInteger.valueOf(weights[i]))
                                .divide(BigInteger.valueOf(weightSum)));
                assigned = assigned.add(part);
                ObjectNode m = milestones.addObject();
                m.put("id", stem + (i + 1));
                m.put("title", r.nextInt(3) == 0 ? pick(HOSTILE_TEXT) : "Milestone " + (i + 1) + ": " + pick(UNICODE_TEXT));
                m.set("amount", NODES.numberNode(new BigDecimal(part, scale)));
                if (r.nextInt(4) != 0) {
                    due = due.plusDays(1 + r.nextInt(30));
                    m.put("dueDate", due.toString());
                }
                if (r.nextBoolean()) {
                    m.putArray("deliverables").add(text()).add("deliverable " + (i + 1));
                }
            }
            return milestones;
        }

        /** Splits over 1–3 distinct parties, percentages in hundredths summing to exactly 100. */
        private ArrayNode splits() {
            List<String> pool = new ArrayList<>(identifiers);
            int count = 1 + r.nextInt(Math.min(3, pool.size()));
            ArrayNode splits = NODES.arrayNode();
            int remaining = 10_000;
            for (int i = 0; i < count; i++) {
                String party = pool.remove(r.nextInt(pool.size()));
                int share = i == count - 1 ? remaining : 1 + r.nextInt(remaining - (count - 1 - i));
                remaining -= share;
                BigDecimal percentage = BigDecimal.valueOf(share, 2);
                splits.addObject().put("party", party)
                        .put("percentage", r.nextBoolean() ? percentage : percentage.stripTrailingZeros());
            }
            return splits;
        }

        private void conditionsAndOracles(ObjectNode c) {
            int count = r.nextInt(5);
            if (count == 0 && r.nextBoolean()) {
                return;
            }
            boolean declareOracles = r.nextInt(3) != 0;
            List<String> sources = new ArrayList<>();
            List<String> ids = new ArrayList<>(CONDITION_IDS);
            ArrayNode required = NODES.arrayNode();
            ArrayNode optional = NODES.arrayNode();
            for (int i = 0; i < count; i++) {
                String operator = OPERATORS.get((index + i) % OPERATORS.size());
                ObjectNode condition = NODES.objectNode();
                condition.put("id", ids.remove(r.nextInt(ids.size())));
                condition.put("description", r.nextInt(3) == 0 ? pick(HOSTILE_TEXT) : pick(UNICODE_TEXT));
                String source = sources.isEmpty() || r.nextBoolean() ? pick(ORACLE_IDS) : pick(sources);
                if (!sources.contains(source)) {
                    sources.add(source);
                }
                condition.put("source", source);
                if (r.nextBoolean()) {
                    condition.put("metric", r.nextBoolean() ? "uptime_percentage" : pick(UNICODE_TEXT));
                }
                operand(condition, operator);
                condition.put("operator", operator);
                if (r.nextInt(4) == 0) {
                    condition.put("type", r.nextBoolean() ? "iot-sensor" : "api");
                }
                boolean isRequired = r.nextInt(4) != 0;
                if (!isRequired || r.nextBoolean()) {
                    condition.put("required", isRequired);
                }
                (isRequired ? required : optional).add(condition);
            }
            if (r.nextInt(5) == 0) {
                ObjectNode ucl = c.putObject("conditions");
                for (JsonNode n : required) {
                    ((ObjectNode) n).remove("required");
                }
                for (JsonNode n : optional) {
                    ((ObjectNode) n).remove("required");
                }
                ucl.set("required", required);
                if (!optional.isEmpty() || r.nextBoolean()) {
                    ucl.set("optional", optional);
                }
            } else {
                ArrayNode flat = c.putArray("conditions");
                flat.addAll(required);
                flat.addAll(optional);
            }
            if (declareOracles && (!sources.isEmpty() || r.nextBoolean())) {
                if (r.nextBoolean()) {
                    sources.add("unused_oracle_" + index);
                }
                ArrayNode oracles = c.putArray("oracles");
                for (String source : sources) {
                    ObjectNode o = oracles.addObject();
                    o.put("id", source);
                    String oracleType = pick(ORACLE_TYPES);
                    o.put("type", oracleType);
                    if (oracleType.equals("chainlink") || oracleType.equals("smart_contract")) {
                        o.put("address", address());
                    } else {
                        o.put("endpoint", "https://oracle" + index + ".example/" + HEX.formatHex(bytes(3)));
                    }
                    if (r.nextBoolean()) {
                        o.put("refreshRate", pick(List.of("1 hour", "5 minutes", "real_time", "hourly", "每日")));
                    }
                    if (r.nextBoolean()) {
                        o.put("required", r.nextBoolean());
                    }
                }
            }
        }

        private void operand(ObjectNode condition, String operator) {
            switch (operator) {
                case "equals", "eq", "not_equals", "ne" -> {
                    switch (r.nextInt(4)) {
                        case 0 -> condition.put("expected", r.nextBoolean());
                        case 1 -> condition.put("expected", pick(HOSTILE_TEXT));
                        case 2 -> condition.put("expected", pick(UNICODE_TEXT));
                        default -> condition.put("expected", BigDecimal.valueOf(r.nextInt(2_000_001) - 1_000_000, r.nextInt(4)));
                    }
                }
                case "contains" -> condition.put("expected", r.nextBoolean() ? "delivered" : pick(UNICODE_TEXT));
                default -> condition.put("threshold", switch (r.nextInt(4)) {
                    case 0 -> new BigDecimal("0.99");
                    case 1 -> BigDecimal.valueOf(r.nextInt(81) - 40, 1); // e.g. -3.5 celsius
                    case 2 -> new BigDecimal("1000000000.000000000000000001");
                    default -> BigDecimal.valueOf(r.nextInt(1000));
                });
            }
        }

        private ObjectNode dispute() {
            ObjectNode d = NODES.objectNode();
            switch (r.nextInt(3)) {
                case 0 -> {
                    d.put("method", "multisig");
                    int signers = identifiers.size();
                    if (r.nextBoolean()) {
                        ArrayNode list = d.putArray("signers");
                        signers = 1 + r.nextInt(5);
                        for (int i = 0; i < signers; i++) {
                            list.add(i < identifiers.size() && r.nextBoolean() ? identifiers.get(i) : address());
                        }
                    }
                    if (r.nextInt(4) != 0) {
                        d.put("requiredSignatures", 1 + r.nextInt(signers));
                    }
                }
                case 1 -> d.put("method", "arbitrator");
                default -> d.put("method", "dao_vote");
            }
            return d;
        }

        private ObjectNode metadata() {
            ObjectNode m = NODES.objectNode();
            if (r.nextInt(5) != 0) {
                m.put("title", switch (r.nextInt(4)) {
                    case 0 -> pick(HOSTILE_TEXT);
                    case 1 -> pick(UNICODE_TEXT) + " " + "long title ".repeat(r.nextInt(30));
                    default -> pick(UNICODE_TEXT);
                });
            }
            if (r.nextInt(4) == 0) {
                m.put("description", text());
            }
            if (r.nextBoolean()) {
                m.put("category", ContractType.resolve(type).category());
            }
            ArrayNode keywords = null;
            if (r.nextInt(3) != 0) {
                keywords = m.putArray("keywords");
                for (int i = 0, n = r.nextInt(9); i < n; i++) {
                    keywords.add(i % 3 == 0 ? pick(UNICODE_TEXT) : "keyword " + i);
                }
            }
            if (r.nextBoolean()) {
                m.putArray("tags").add(type.toLowerCase(Locale.ROOT)).add("τag-" + index);
            }
            if (r.nextInt(3) == 0) {
                m.put("jurisdiction", pick(List.of("California", "New York", "Delaware", "Deutschland", "日本")));
            }
            if (r.nextInt(4) == 0) {
                m.put("governingLaw", "Laws of " + pick(UNICODE_TEXT));
                m.put("duration", "12 months");
                m.put("industry", pick(List.of("Manufacturing", "Professional Services", "Logiciels & Services")));
            }
            if (r.nextBoolean()) {
                ArrayNode platforms = m.putArray("platforms");
                for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
                    platforms.add(pick(PLATFORMS));
                }
            }
            if (r.nextBoolean()) {
                long created = 1_577_836_800L + r.nextInt(5 * 365 * 86_400); // 2020 .. 2025
                long updated = created + r.nextInt(200 * 86_400);
                long asOf = updated + r.nextInt(100 * 86_400);
                m.put("createdAt", Instant.ofEpochSecond(created).toString());
                if (r.nextBoolean()) {
                    m.put("updatedAt", Instant.ofEpochSecond(updated, r.nextInt(1000) * 1_000_000L).toString());
                }
                m.put("asOf", Instant.ofEpochSecond(asOf).toString());
                if (r.nextBoolean()) {
                    ArrayNode citations = m.putArray("citations");
                    for (int i = 0, n = r.nextInt(6); i < n; i++) {
                        citations.add(Instant.ofEpochSecond(created + r.nextInt((int) (asOf - created + 1))).toString());
                    }
                }
            }
            if (r.nextInt(3) == 0) {
                m.put("creatorVerified", r.nextBoolean());
                m.put("deployments", r.nextInt(5000));
                m.put("avgRating", BigDecimal.valueOf(r.nextInt(51), 1));
                m.put("audited", r.nextBoolean());
            }
            if (r.nextInt(3) == 0) {
                m.put("smartContractEnabled", r.nextBoolean());
            }
            if (keywords == null && r.nextBoolean()) {
                m.put("x-custom", "kept untouched");
            }
            return m;
        }

        private String terms() {
            StringBuilder terms = new StringBuilder();
            terms.append("The payer shall pay ").append(token).append(' ').append(frequency).append(". ");
            if (r.nextBoolean()) {
                terms.append("Invoices are due Net-").append(15 * (1 + r.nextInt(8))).append(". ");
            }
            terms.append(text()).append(". Either party may terminate with 30 days notice.");
            return terms.toString();
        }

        private String text() {
            return switch (r.nextInt(3)) {
                case 0 -> pick(HOSTILE_TEXT);
                case 1 -> pick(UNICODE_TEXT) + " " + pick(HOSTILE_TEXT);
                default -> pick(UNICODE_TEXT);
            };
        }

        private String address() {
            String hex = HEX.formatHex(bytes(20));
            StringBuilder mixed = new StringBuilder("0x");
            for (char ch : hex.toCharArray()) {
                mixed.append(r.nextBoolean() ? Character.toUpperCase(ch) : ch);
            }
            return mixed.toString();
        }

        private String hex(int byteCount) {
            return HEX.formatHex(bytes(byteCount));
        }

        private byte[] bytes(int count) {
            byte[] bytes = new byte[count];
            r.nextBytes(bytes);
            return bytes;
        }

        private <T> T pick(List<T> values) {
            return values.get(r.nextInt(values.size()));
        }
    }
}
