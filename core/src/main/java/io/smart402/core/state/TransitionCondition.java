package io.smart402.core.state;

import java.util.Locale;

/** Why a state transition happens (spec §4). */
public enum TransitionCondition {
    SUCCESS, FAILURE, TIMEOUT, INVALID;

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
