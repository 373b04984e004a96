package io.smart402.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The machine a suite ran on, and its 1-minute load average sampled while it ran. */
public final class MachineInfo implements AutoCloseable {

    private final double loadStart = loadAverage();
    private volatile double loadMax = loadStart;
    private final Thread sampler;

    public MachineInfo() {
        sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                loadMax = Math.max(loadMax, loadAverage());
                try {
                    Thread.sleep(5_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-load-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** The 1-minute load average from /proc/loadavg, NaN where there is none. */
    public static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    public Results.Machine describe(String postgresVersion) {
        double end = loadAverage();
        return new Results.Machine(System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"), cpuModel(), Runtime.getRuntime().availableProcessors(), memoryMb(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"), postgresVersion,
                loadStart, Math.max(loadMax, end), end);
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    private static long memoryMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux
        }
        return Runtime.getRuntime().maxMemory() / (1024 * 1024);
    }

    /** The first line {@code command} prints, or {@code fallback}. */
    public static String firstLineOf(String fallback, String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor(10, TimeUnit.SECONDS);
            return p.exitValue() == 0 && !out.isEmpty() ? out.lines().findFirst().orElse(fallback) : fallback;
        } catch (IOException | RuntimeException e) {
            return fallback;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fallback;
        }
    }

    @Override
    public void close() {
        sampler.interrupt();
    }
}
