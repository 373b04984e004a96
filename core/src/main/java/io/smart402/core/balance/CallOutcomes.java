package io.smart402.core.balance;

import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What the end of a call does to its backend: the latency estimate, the meters, outlier detection, and the
 * in-flight count (released last, so a drain completes only after the call's figures are in).
 */
final class CallOutcomes<T> {

    private final LongSupplier nanos;
    private final Predicate<? super Throwable> isFailure;
    private final Predicate<? super Throwable> ejectAtOnce;
    private final OutlierDetector outliers;
    private final Supplier<List<Backend<T>>> members;

    CallOutcomes(LongSupplier nanos, Predicate<? super Throwable> isFailure,
                 Predicate<? super Throwable> ejectAtOnce, OutlierDetector outliers,
                 Supplier<List<Backend<T>>> members) {
        this.nanos = nanos;
        this.isFailure = isFailure;
        this.ejectAtOnce = ejectAtOnce;
        this.outliers = outliers;
        this.members = members;
    }

    void succeeded(Backend<T> backend, long startNanos) {
        long now = nanos.getAsLong();
        long rtt = Math.max(0, now - startNanos);
        backend.answered(now);
        backend.latency.observe(rtt, now);
        backend.meters.success(rtt);
        outliers.success(backend, now);
        backend.end();
    }

    void failed(Backend<T> backend, long startNanos, Throwable error) {
        if (!isFailure.test(error)) {
            // Not the backend's fault (e.g. a refused request): it answered, as a success does.
            succeeded(backend, startNanos);
            return;
        }
        long now = nanos.getAsLong();
        long rtt = Math.max(0, now - startNanos);
        backend.failed();
        backend.answered(now);
        backend.latency.observeFailure(rtt, now);
        backend.meters.failure(rtt);
        outliers.failure(backend, members.get(), now, ejectAtOnce.test(error));
        backend.end();
    }

    /** A failure seen outside a call: no latency, no meter, no call to end; only the failure counts. */
    void reported(Backend<T> backend, Throwable error) {
        if (!isFailure.test(error)) {
            return;
        }
        backend.failed();
        outliers.failure(backend, members.get(), nanos.getAsLong(), ejectAtOnce.test(error));
    }

    /** A cancelled call says nothing about the backend: only the count and the meter move. */
    void cancelled(Backend<T> backend) {
        backend.meters.cancelled();
        backend.end();
    }
}
