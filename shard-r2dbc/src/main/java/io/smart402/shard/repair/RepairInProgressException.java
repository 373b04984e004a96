package io.smart402.shard.repair;

import io.smart402.core.error.FailureKind;

import io.smart402.shard.ShardException;

/** A repair was asked for while this server was already running one. */
public final class RepairInProgressException extends ShardException {

    private static final long serialVersionUID = 1L;

    public RepairInProgressException() {
        super(FailureKind.CONFLICT, "repair-in-progress",
                "a repair is already running on this server; try again when it has finished", null);
    }
}
