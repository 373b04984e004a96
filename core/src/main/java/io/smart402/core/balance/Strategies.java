package io.smart402.core.balance;

import java.util.List;
import java.util.Locale;

/** The strategies, each a new instance (strategies keep per-balancer state), and their names for configuration. */
public final class Strategies {

    /** Every name {@link #parse} accepts, in documentation order. */
    public static final List<String> NAMES = List.of("adaptive", "round-robin", "weighted-round-robin",
            "least-request", "least-time", "p2c-least-request", "p2c-least-time", "random", "hash");

    /** Default ε of {@link #consistentHash()}: HAProxy's {@code hash-balance-factor 125}. */
    public static final double DEFAULT_EPSILON = 0.25;

    /** Default virtual nodes per backend of {@link #consistentHash()} (ketama's 160). */
    public static final int DEFAULT_REPLICAS = 160;

    private Strategies() {
    }

    /** Each eligible backend in turn; ignores weights. */
    public static Strategy roundRobin() {
        return new RoundRobin();
    }

    /** nginx's smooth weighted round-robin. */
    public static Strategy weightedRoundRobin() {
        return new SmoothWeightedRoundRobin();
    }

    /** Fewest calls in flight per unit of weight, full scan (nginx {@code least_conn}). */
    public static Strategy leastOutstanding() {
        return new LeastLoaded(Load.OUTSTANDING, "least-request");
    }

    /** Lowest peak-EWMA latency per unit of weight, full scan. */
    public static Strategy leastResponseTime() {
        return new LeastLoaded(Load.LATENCY, "least-time");
    }

    /** Power of two choices over {@code load}. */
    public static Strategy powerOfTwoChoices(Load load) {
        return new PowerOfTwoChoices(load, switch (load) {
            case OUTSTANDING -> "p2c-least-request";
            case LATENCY -> "p2c-least-time";
            case LATENCY_TIMES_OUTSTANDING -> "adaptive";
        });
    }

    /** The default: power of two choices over peak-EWMA latency × calls in flight (Finagle's {@code p2cPeakEwma}). */
    public static Strategy adaptive() {
        return powerOfTwoChoices(Load.LATENCY_TIMES_OUTSTANDING);
    }

    /** A backend at random in proportion to its weight. */
    public static Strategy random() {
        return new WeightedRandom();
    }

    /** Consistent hashing of the call's key with bounded loads, ε = 0.25, 160 virtual nodes per backend. */
    public static Strategy consistentHash() {
        return consistentHash(DEFAULT_EPSILON, DEFAULT_REPLICAS);
    }

    /**
     * Consistent hashing with bounded loads: no backend carries more than {@code ⌈(1+ε) × average⌉} calls (its
     * weight's share of them).
     */
    public static Strategy consistentHash(double epsilon, int replicas) {
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("balancer.hash-epsilon must be a positive number, was " + epsilon);
        }
        if (replicas < 1 || replicas > 10_000) {
            throw new IllegalArgumentException("balancer.hash-replicas must be in [1, 10000], was " + replicas);
        }
        return new BoundedLoadHash(epsilon, replicas);
    }

    /** The strategy named {@code name} (one of {@link #NAMES}, case-insensitive) with default settings. */
    public static Strategy parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "adaptive" -> adaptive();
            case "round-robin" -> roundRobin();
            case "weighted-round-robin" -> weightedRoundRobin();
            case "least-request" -> leastOutstanding();
            case "least-time" -> leastResponseTime();
            case "p2c-least-request" -> powerOfTwoChoices(Load.OUTSTANDING);
            case "p2c-least-time" -> powerOfTwoChoices(Load.LATENCY);
            case "random" -> random();
            case "hash" -> consistentHash();
            default -> throw new IllegalArgumentException(
                    "balancer.strategy must be one of " + NAMES + ", was '" + name + "'");
        };
    }
}
