package io.smart402.core.process;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/** Waits until a process just started is ready to serve, has exited, or has run out of time. */
public final class ReadinessWait {

    /** How a wait ended; the caller knows which error each deserves (a port taken, a log to show). */
    public enum Outcome { READY, EXITED, TIMED_OUT }

    private ReadinessWait() {}

    /**
     * Polls {@code ready} every {@code poll} until it holds, {@code process} exits, or {@code timeout} passes. The
     * exit is checked before readiness, so a process that died is never taken for ready by a stale signal.
     */
    public static Outcome until(Process process, BooleanSupplier ready, Duration timeout, Duration poll) {
        Objects.requireNonNull(process, "process");
        Objects.requireNonNull(ready, "ready");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                return Outcome.EXITED;
            }
            if (ready.getAsBoolean()) {
                return Outcome.READY;
            }
            if (System.nanoTime() - deadline > 0) {
                return Outcome.TIMED_OUT;
            }
            ProcessControl.sleep(poll);
        }
    }
}
