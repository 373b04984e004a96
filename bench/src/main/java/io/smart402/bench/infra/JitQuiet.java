package io.smart402.bench.infra;

import java.util.function.BooleanSupplier;

/**
 * Whether a JVM's JIT compilers have gone quiet: true once their threads used less than {@code maxShare} of the
 * process's CPU since the previous call (so the warm-up slice just run). A per-contract CPU figure taken while C2
 * still compiles the hot paths charges the compilation, and the unoptimized code, to the contracts of that window.
 */
public final class JitQuiet implements BooleanSupplier {

    private final long pid;
    private final double maxShare;
    private double jit0;
    private double process0;
    private double lastShare = Double.NaN;

    public JitQuiet(long pid, double maxShare) {
        this.pid = pid;
        this.maxShare = maxShare;
        this.jit0 = jitSeconds();
        this.process0 = ProcessCpu.seconds(pid);
    }

    @Override
    public boolean getAsBoolean() {
        double jit = jitSeconds();
        double process = ProcessCpu.seconds(pid);
        double used = process - process0;
        lastShare = used > 0 ? (jit - jit0) / used : Double.NaN;
        jit0 = jit;
        process0 = process;
        // Unreadable /proc (NaN) counts as quiet: the warm-up then lasts its minimum, as without this check.
        return !(lastShare >= maxShare);
    }

    /** The JIT's share of the process's CPU over the last interval asked about (NaN before the first). */
    public double lastShare() {
        return lastShare;
    }

    private double jitSeconds() {
        return ProcessCpu.threadGroupSeconds(pid).getOrDefault("jit", 0.0);
    }
}
