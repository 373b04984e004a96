package io.smart402.core.contract;

/**
 * A contract party (spec §1.2); string parties are normalized into this form.
 *
 * @param role       role name, e.g. {@code vendor}
 * @param identifier unique identifier (required)
 * @param name       display name, may be null
 * @param wallet     {@code 0x} + 40 hex address, may be null
 */
public record Party(String role, String identifier, String name, String wallet) {
}
