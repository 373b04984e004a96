package io.smart402.bench.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * CPU seconds (user + system) that processes have used, read from {@code /proc/<pid>/stat} the way {@code top}
 * does, so the bench can divide a server's or PostgreSQL's CPU by the contracts it handled. Linux only; elsewhere
 * every figure is NaN.
 */
public final class ProcessCpu {

    /** USER_HZ: /proc reports times in these ticks, fixed at 100 by the kernel's user-space ABI. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessCpu() {
    }

    /** CPU seconds of process {@code pid} alone (its threads), or NaN when it cannot be read. */
    public static double seconds(long pid) {
        return stat(pid).map(f -> (f[0] + f[1]) / TICKS_PER_SECOND).orElse(Double.NaN);
    }

    /**
     * CPU seconds of {@code pid} and every process under it, live or exited: a live descendant counts its own
     * time, an exited one is in its parent's reaped-children time (so a PostgreSQL backend that ends between two
     * readings is neither lost nor counted twice).
     */
    public static double treeSeconds(long pid) {
        Optional<ProcessHandle> root = ProcessHandle.of(pid);
        if (root.isEmpty()) {
            return Double.NaN;
        }
        double ticks = stat(pid).map(f -> f[0] + f[1] + f[2] + f[3]).orElse(Double.NaN);
        for (ProcessHandle child : root.get().descendants().toList()) {
            ticks += stat(child.pid()).map(f -> f[0] + f[1] + f[2] + f[3]).orElse(0.0);
        }
        return ticks / TICKS_PER_SECOND;
    }

    /** CPU seconds of the PostgreSQL servers of {@code dataDirs} (each postmaster and its backends), summed. */
    public static double postgresSeconds(Collection<Path> dataDirs) {
        double sum = 0;
        for (Path dir : dataDirs) {
            Optional<Long> pid = postmaster(dir);
            if (pid.isEmpty()) {
                return Double.NaN;
            }
            sum += treeSeconds(pid.get());
        }
        return sum;
    }

    private static Optional<Long> postmaster(Path dataDir) {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** utime, stime, cutime, cstime in ticks (fields 14–17 of proc(5)). */
    private static Optional<double[]> stat(long pid) {
        try {
            String text = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
            String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
            return Optional.of(new double[] {Double.parseDouble(f[11]), Double.parseDouble(f[12]),
                    Double.parseDouble(f[13]), Double.parseDouble(f[14])});
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
