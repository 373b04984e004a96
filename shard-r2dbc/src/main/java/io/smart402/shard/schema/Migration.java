package io.smart402.shard.schema;

/** One versioned, idempotent SQL migration. */
record Migration(int version, String name, String sql) {
}
