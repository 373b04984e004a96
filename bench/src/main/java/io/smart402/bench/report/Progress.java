package io.smart402.bench.report;

import java.io.PrintStream;
import java.time.Duration;

/**
 * The progress bar on stderr: which scenario of how many, the current step with a bar for its expected duration,
 * and the last second's throughput and p99. On a terminal it redraws one line; otherwise (a log file, CI) it prints
 * a line per step and every few seconds of status.
 */
public final class Progress {

    private static final int WIDTH = 24;

    private final PrintStream err;
    private final boolean terminal;
    private final long suiteStart = System.nanoTime();
    private String scenario = "";
    private int scenarioIndex;
    private int scenarioCount;
    private String step = "";
    private long stepStart = System.nanoTime();
    private long stepNanos;
    private String status = "";
    private int statusUpdates;

    public Progress(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    /** A bar on {@code System.err}, redrawn in place when a console is attached. */
    public static Progress toStderr() {
        return new Progress(System.err, System.console() != null);
    }

    /** A progress that prints nothing (tests, library use). */
    public static Progress silent() {
        return new Progress(new PrintStream(java.io.OutputStream.nullOutputStream()), false);
    }

    public synchronized void scenario(String name, int index, int count) {
        this.scenario = name;
        this.scenarioIndex = index;
        this.scenarioCount = count;
    }

    /** Starts a step expected to last {@code expected} (zero when unknown, e.g. starting a server). */
    public synchronized void step(String label, Duration expected) {
        this.step = label;
        this.stepStart = System.nanoTime();
        this.stepNanos = expected.toNanos();
        this.status = "";
        if (!terminal) {
            err.println(prefix() + label);
            err.flush();
        }
        draw();
    }

    public synchronized void status(String text) {
        this.status = text;
        statusUpdates++;
        if (!terminal && statusUpdates % 5 == 0) {
            err.println(prefix() + step + "  " + text);
            err.flush();
        }
        draw();
    }

    /** Prints a line above the bar. */
    public synchronized void log(String line) {
        if (terminal) {
            err.print("\r\033[2K");
        }
        err.println(line);
        draw();
    }

    public synchronized void done() {
        if (terminal) {
            err.print("\r\033[2K");
        }
        err.printf("done in %s%n", clock(System.nanoTime() - suiteStart));
        err.flush();
    }

    private String prefix() {
        return String.format("[%s %d/%d %s] ", clock(System.nanoTime() - suiteStart), scenarioIndex, scenarioCount,
                scenario);
    }

    private void draw() {
        if (!terminal) {
            return;
        }
        double fraction = stepNanos <= 0 ? 0 : Math.min(1, (System.nanoTime() - stepStart) / (double) stepNanos);
        int filled = (int) Math.round(fraction * WIDTH);
        String bar = "#".repeat(filled) + ".".repeat(WIDTH - filled);
        err.print("\r\033[2K" + prefix() + "[" + bar + "] " + String.format("%3d%% ", Math.round(fraction * 100))
                + step + (status.isEmpty() ? "" : "  " + status));
        err.flush();
    }

    static String clock(long nanos) {
        long s = nanos / 1_000_000_000L;
        return String.format("%d:%02d", s / 60, s % 60);
    }
}
