package io.smart402.core.store;

/**
 * Confirmation that a record is durable: committed on {@code node} of {@code shard}.
 *
 * @param id      the contract id
 * @param version the version that was written
 */
public record WriteAck(String id, long version, String shard, String node) {
}
