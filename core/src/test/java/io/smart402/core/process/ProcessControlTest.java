package io.smart402.core.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Drives real processes: a shell with two sleeping children stands in for a server and its workers. */
class ProcessControlTest {

    private Process tree;

    @AfterEach
    void killLeftovers() {
        if (tree != null) {
            tree.descendants().forEach(ProcessHandle::destroyForcibly);
            tree.destroyForcibly();
        }
    }

    @Test
    void killTakesDownTheProcessAndItsDescendants() throws IOException {
        tree = startTree();
        List<ProcessHandle> children = awaitChildren(tree, 2);

        ProcessControl.kill(tree.toHandle());

        assertThat(ProcessControl.awaitExit(tree, Duration.ofSeconds(5))).isTrue();
        assertThat(children).noneMatch(c -> ProcessControl.isAlive(c.pid()));
    }

    @Test
    void freezeStopsEveryProcessOfTheTreeAndThawResumesThem() throws IOException {
        tree = startTree();
        List<ProcessHandle> children = awaitChildren(tree, 2);

        ProcessControl.freeze(tree.toHandle());

        // The kernel delivers the signal after kill(1) returns: wait for it to land, then assert.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(state(tree.pid())).isEqualTo('T');
            assertThat(children).allMatch(c -> state(c.pid()) == 'T');
        });

        ProcessControl.thaw(tree.toHandle(), List.of());

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(state(tree.pid())).isNotEqualTo('T');
            assertThat(children).allMatch(c -> state(c.pid()) != 'T');
        });
    }

    @Test
    void signallingAProcessThatIsGoneFails() throws IOException, InterruptedException {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();

        assertThatThrownBy(() -> ProcessControl.freeze(gone.toHandle()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("could not be sent SIGSTOP");
    }

    @Test
    void terminateEndsAProcessThatIgnoresSigterm() throws IOException {
        tree = new ProcessBuilder("sh", "-c", "trap '' TERM; while :; do sleep 1; done").start();
        awaitChildren(tree, 1);

        assertThat(ProcessControl.terminate(tree, Duration.ofMillis(300))).isTrue();
        assertThat(tree.isAlive()).isFalse();
    }

    @Test
    void readinessWaitTellsReadyExitedAndTimedOutApart() throws IOException {
        tree = startTree();
        Process exited = new ProcessBuilder("true").start();
        Duration poll = Duration.ofMillis(5);

        assertThat(ReadinessWait.until(tree, () -> true, Duration.ofSeconds(5), poll))
                .isEqualTo(ReadinessWait.Outcome.READY);
        assertThat(ReadinessWait.until(exited, () -> false, Duration.ofSeconds(5), poll))
                .isEqualTo(ReadinessWait.Outcome.EXITED);
        assertThat(ReadinessWait.until(tree, () -> false, Duration.ofMillis(50), poll))
                .isEqualTo(ReadinessWait.Outcome.TIMED_OUT);
    }

    @Test
    void aFreePortCanBeBound() {
        int port = FreePorts.any();

        assertThat(port).isPositive();
        assertThat(FreePorts.isFree(port)).isTrue();
    }

    private static Process startTree() throws IOException {
        return new ProcessBuilder("sh", "-c", "sleep 60 & sleep 60 & wait").start();
    }

    private static List<ProcessHandle> awaitChildren(Process parent, int n) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> parent.children().count() >= n);
        return parent.descendants().toList();
    }

    /** The one-letter state in /proc/<pid>/stat: R, S, T (stopped), Z (zombie), ... */
    private static char state(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2);
        } catch (IOException e) {
            return '?';
        }
    }
}
