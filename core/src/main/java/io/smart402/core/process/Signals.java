package io.smart402.core.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Sends a signal the JDK cannot (SIGSTOP, SIGCONT) with the {@code kill} command. */
final class Signals {

    private static final long TIMEOUT_SECONDS = 10;

    private Signals() {}

    /** Sends {@code signal} (e.g. {@code STOP}) to {@code pids}; null on success, else what kill said. */
    static String send(String signal, List<Long> pids) {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        pids.forEach(pid -> command.add(Long.toString(pid)));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            // kill writes a line at most and leaves no daemon behind, so reading its pipe to the end is safe.
            String output;
            try (var in = p.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "`" + String.join(" ", command) + "` did not finish within " + TIMEOUT_SECONDS + " s";
            }
            return p.exitValue() == 0 ? null
                    : "`" + String.join(" ", command) + "` exited with " + p.exitValue()
                            + (output.isBlank() ? "" : ": " + output.strip());
        } catch (IOException e) {
            return "could not run `" + String.join(" ", command) + "`: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + signal, e);
        }
    }
}
