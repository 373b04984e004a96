package io.smart402.core.contract;

/** A data source conditions read from (spec §1.4). */
public record Oracle(String id, String type, String endpoint, String address, String refreshRate, boolean required) {
}
