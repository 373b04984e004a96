package io.smart402.core.phase.x402;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The original's cross-chain router (spec §2.4, REPO src/x402/routing.py): same network is free; otherwise a
 * direct edge where liquidity exists, else the cheapest single intermediate. Segment cost = gasPrice·21000 +
 * amount·(amount/(2·liquidity)) + amount·0.0001·speed, gas price and speed taken from the segment's source.
 */
final class PaymentRouter {

    record Route(List<String> path, double cost, double estimatedTime) {
        Route {
            path = List.copyOf(path);
        }
    }

    private record Chain(double gasPrice, double speed) {
    }

    static final double BASE_TX_GAS = 21_000;
    static final double TIME_COST_RATE = 0.0001;

    /** Iteration order is the original's dict order; it decides ties between equally cheap intermediates. */
    private static final List<String> CHAINS = List.of("ethereum", "polygon", "arbitrum", "optimism");

    private static final Map<String, Chain> NETWORKS = Map.of(
            "ethereum", new Chain(50, 12),
            "polygon", new Chain(1, 2),
            "arbitrum", new Chain(0.5, 1),
            "optimism", new Chain(0.3, 1));

    private static final Map<String, Double> LIQUIDITY = Map.of(
            "ethereum|polygon", 1_000_000.0,
            "ethereum|arbitrum", 500_000.0,
            "polygon|arbitrum", 300_000.0,
            "polygon|optimism", 200_000.0);

    private PaymentRouter() {
    }

    static Optional<Route> route(String source, String destination, double amount) {
        if (source.equals(destination)) {
            return Optional.of(new Route(List.of(source), 0, 0));
        }
        Optional<Double> direct = segmentCost(source, destination, amount);
        if (direct.isPresent()) {
            List<String> path = List.of(source, destination);
            return Optional.of(new Route(path, direct.get(), time(path)));
        }
        Route best = null;
        for (String via : CHAINS) {
            if (via.equals(source) || via.equals(destination)) {
                continue;
            }
            Optional<Double> first = segmentCost(source, via, amount);
            Optional<Double> second = segmentCost(via, destination, amount);
            if (first.isPresent() && second.isPresent()) {
                double cost = first.get() + second.get();
                if (best == null || cost < best.cost()) {
                    List<String> path = List.of(source, via, destination);
                    best = new Route(path, cost, time(path));
                }
            }
        }
        return Optional.ofNullable(best);
    }

    private static Optional<Double> segmentCost(String from, String to, double amount) {
        Chain chain = NETWORKS.get(from);
        double liquidity = liquidity(from, to);
        if (chain == null || !NETWORKS.containsKey(to) || liquidity == 0) {
            return Optional.empty();
        }
        // The spec's slippage term; the original multiplied it by the amount once more (cubic in amount).
        double slippage = amount * (amount / (2 * liquidity));
        return Optional.of(chain.gasPrice() * BASE_TX_GAS + slippage + amount * TIME_COST_RATE * chain.speed());
    }

    private static double liquidity(String a, String b) {
        Double forward = LIQUIDITY.get(a + "|" + b);
        Double backward = LIQUIDITY.get(b + "|" + a);
        return forward != null ? forward : backward != null ? backward : 0;
    }

    /** Sum of the speeds of every network on the path, endpoints included (as the original). */
    private static double time(List<String> path) {
        return path.stream().map(NETWORKS::get).filter(c -> c != null).mapToDouble(Chain::speed).sum();
    }
}
