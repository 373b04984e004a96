package io.smart402.bench.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

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
     * CPU seconds of the live threads of JVM process {@code pid}, summed per group of what they do (see
     * {@link #threadGroup}); empty when /proc cannot be read. A thread that ended since an earlier reading is
     * missing from a later one, so differences between readings are a lower bound per group.
     */
    public static Map<String, Double> threadGroupSeconds(long pid) {
        Map<String, Double> groups = new TreeMap<>();
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (Stream<Path> list = Files.list(tasks)) {
            // A thread that ended between the listing and the read has no stat: it is not counted.
            list.forEach(task -> stat(task.resolve("stat")).ifPresent(stat -> groups.merge(threadGroup(stat.name()),
                    (stat.ticks()[0] + stat.ticks()[1]) / TICKS_PER_SECOND, Double::sum)));
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return groups;
    }

    /**
     * The group of a JVM thread by its name as the kernel keeps it (the first 15 bytes): the CPU pipeline
     * ({@code parallel-N}), the Reactor Netty event loops (R2DBC's and Lettuce's {@code reactor-tcp-*}, the HTTP
     * server's {@code reactor-http-*}), garbage collection, JIT compilation, and the rest.
     */
    static String threadGroup(String name) {
        if (name.startsWith("parallel-")) {
            return "pipeline";
        }
        if (name.startsWith("reactor-tcp-")) {
            return "tcp_event_loops";
        }
        if (name.startsWith("reactor-http-")) {
            return "http_event_loops";
        }
        if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
            return "gc";
        }
        if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
            return "jit";
        }
        return "other";
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

    /** utime, stime, cutime, cstime of process {@code pid} in ticks. */
    private static Optional<double[]> stat(long pid) {
        return stat(Path.of("/proc", Long.toString(pid), "stat")).map(Stat::ticks);
    }

    /** One stat file of /proc (a process's or a thread's), or empty when it cannot be read. */
    private static Optional<Stat> stat(Path file) {
        try {
            String text = Files.readString(file);
            // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
            String name = text.substring(text.indexOf('(') + 1, text.lastIndexOf(')'));
            String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
            return Optional.of(new Stat(name, new double[] {Double.parseDouble(f[11]), Double.parseDouble(f[12]),
                    Double.parseDouble(f[13]), Double.parseDouble(f[14])}));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A stat file's command name and its utime, stime, cutime, cstime in ticks (fields 2 and 14–17 of proc(5)). */
    private record Stat(String name, double[] ticks) {
    }
}
