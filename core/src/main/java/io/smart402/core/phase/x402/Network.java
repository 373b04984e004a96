package io.smart402.core.phase.x402;

import java.util.Arrays;
import java.util.Optional;

/**
 * The settlement networks of spec §2.4: chain id, x402 v1 name (where {@code coinbase/x402} defines one),
 * display name for {@code X402-Settlement-Network}, and the USDC contract where one is known.
 */
enum Network {
    BASE("base", 8453, "base", "Base", "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913"),
    BASE_SEPOLIA("base-sepolia", 84532, "base-sepolia", "Base Sepolia", "0x036CbD53842c5426634e7929541eC2318f3dCF7e"),
    POLYGON("polygon", 137, "polygon", "Polygon", "0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359"),
    POLYGON_AMOY("polygon-amoy", 80002, "polygon-amoy", "Polygon Amoy", null),
    AVALANCHE("avalanche", 43114, "avalanche", "Avalanche", "0xB97EF9Ef8734C71904D8002F8b6Bc66Dd9c48a6E"),
    ARBITRUM("arbitrum", 42161, null, "Arbitrum", "0xaf88d065e77c8cc2239327c5edb3a432268e5831"),
    ETHEREUM("ethereum", 1, null, "Ethereum", "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48"),
    OPTIMISM("optimism", 10, null, "Optimism", "0x0b2C639c533813f4Aa9D7837CAf62653d097Ff85"),
    POLYGON_MUMBAI("polygon-mumbai", 80001, null, "Polygon Mumbai", null);

    private final String blockchain;
    private final long chainId;
    private final String v1Name;
    private final String displayName;
    private final String usdcAddress;

    Network(String blockchain, long chainId, String v1Name, String displayName, String usdcAddress) {
        this.blockchain = blockchain;
        this.chainId = chainId;
        this.v1Name = v1Name;
        this.displayName = displayName;
        this.usdcAddress = usdcAddress;
    }

    static Optional<Network> of(String blockchain) {
        return Arrays.stream(values()).filter(n -> n.blockchain.equals(blockchain)).findFirst();
    }

    String blockchain() {
        return blockchain;
    }

    long chainId() {
        return chainId;
    }

    /** The x402 v1 network name, absent where v1 has none (then no v1 object is produced). */
    Optional<String> v1Name() {
        return Optional.ofNullable(v1Name);
    }

    /** The CAIP-2 id used by x402 v2, e.g. {@code eip155:137}. */
    String v2Name() {
        return "eip155:" + chainId;
    }

    String displayName() {
        return displayName;
    }

    Optional<String> usdcAddress() {
        return Optional.ofNullable(usdcAddress);
    }
}
