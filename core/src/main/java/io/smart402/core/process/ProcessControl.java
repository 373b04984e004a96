package io.smart402.core.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Kill, terminate, freeze and thaw of a process and its descendants, for fault tests and clean shutdowns: a killed
 * process vanishes like a crashed host, a frozen one keeps its sockets open and answers nothing, like a hung host.
 */
public final class ProcessControl {

    private static final Duration GONE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration ORPHAN_GRACE = Duration.ofSeconds(5);
    private static final Duration POLL = Duration.ofMillis(10);

    private ProcessControl() {}

    /**
     * SIGKILL to {@code process}, as a crash would, then waits until it is gone. Its descendants get a few seconds
     * to exit on their own, as orphaned PostgreSQL backends do within milliseconds of their postmaster's death;
     * any still alive then is killed too, since a leftover could hold resources (shared memory, a port) that the
     * next start needs.
     */
    public static void kill(ProcessHandle process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        awaitGone(List.of(process), GONE_TIMEOUT);
        if (!awaitGone(descendants, ORPHAN_GRACE)) {
            descendants.forEach(ProcessHandle::destroyForcibly);
            awaitGone(descendants, ORPHAN_GRACE);
        }
    }

    /**
     * SIGTERM to {@code process} and up to {@code grace} for it to exit; then SIGKILL to its descendants and to it.
     * The descendants go first: a wrapper such as runuser forwards SIGTERM to its child but SIGKILL would orphan
     * it. Returns whether the process exited.
     */
    public static boolean terminate(Process process, Duration grace) {
        try {
            process.destroy();
            if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            return process.waitFor(GONE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * SIGSTOP to {@code process}, then to its descendants. The process must take the signal (else
     * {@link IllegalStateException}); a descendant is signalled best effort, since it may exit between listing and
     * signalling.
     */
    public static void freeze(ProcessHandle process) {
        signal("STOP", process, List.of());
    }

    /**
     * SIGCONT to {@code process}, then to its descendants and to {@code wrappers}: runuser and su stop themselves
     * when their child stops and stay stopped, so the wrapper a process was started through must be resumed too,
     * or it could not reap its child. Strict for {@code process}, best effort for the rest, as in {@link #freeze}.
     */
    public static void thaw(ProcessHandle process, Collection<ProcessHandle> wrappers) {
        signal("CONT", process, wrappers);
    }

    /** Whether {@code pid} names a process that still runs (a zombie is dead: it only waits to be reaped). */
    public static boolean isAlive(long pid) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        return handle.isPresent() && handle.get().isAlive() && !isZombie(pid);
    }

    /** Waits until every one of {@code processes} is gone; false if one still runs after {@code timeout}. */
    public static boolean awaitGone(Collection<ProcessHandle> processes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (processes.stream().anyMatch(h -> isAlive(h.pid()))) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            sleep(POLL);
        }
        return true;
    }

    /** Waits up to {@code timeout} for {@code process} (which may be null: nothing to wait for) to exit. */
    public static boolean awaitExit(Process process, Duration timeout) {
        if (process == null) {
            return true;
        }
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for process " + process.pid() + " to exit", e);
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a process", e);
        }
    }

    private static void signal(String signal, ProcessHandle process, Collection<ProcessHandle> wrappers) {
        List<Long> others = new ArrayList<>();
        process.descendants().forEach(d -> others.add(d.pid()));
        wrappers.stream().filter(w -> w.pid() != process.pid()).forEach(w -> others.add(w.pid()));
        String failure = Signals.send(signal, List.of(process.pid()));
        if (failure != null) {
            throw new IllegalStateException("process " + process.pid() + " could not be sent SIG" + signal + ": "
                    + failure);
        }
        if (!others.isEmpty()) {
            Signals.send(signal, others);
        }
    }

    // Where no parent reaps (PID 1 in many containers), a killed process stays a zombie that kill(pid, 0) and
    // ProcessHandle see as alive (and so does PostgreSQL's lock-file check); only /proc tells the truth.
    private static boolean isZombie(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        try {
            String s = Files.readString(stat);
            int afterName = s.lastIndexOf(')');
            return afterName > 0 && afterName + 2 < s.length() && s.charAt(afterName + 2) == 'Z';
        } catch (IOException e) {
            return false;
        }
    }
}
