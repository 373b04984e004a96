package io.smart402.bench.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

@EnabledOnOs(OS.LINUX)
class ProcessCpuTest {

    @Test
    void thisJvmsCpuGrowsWithWorkAndItsTreeCountsAtLeastItself() {
        long pid = ProcessHandle.current().pid();
        double before = ProcessCpu.seconds(pid);
        long sink = 0;
        long end = System.nanoTime() + 300_000_000L;
        while (System.nanoTime() < end) {
            sink += Long.toString(sink).hashCode();
        }
        double after = ProcessCpu.seconds(pid);

        assertThat(sink).isNotEqualTo(42);
        assertThat(before).isPositive();
        assertThat(after).isGreaterThan(before);
        assertThat(ProcessCpu.treeSeconds(pid)).isGreaterThanOrEqualTo(after);
    }

    @Test
    void aNamedThreadsCpuLandsInItsGroupAndTheGroupsAddUpToAtMostTheProcess() throws InterruptedException {
        long pid = ProcessHandle.current().pid();
        double before = ProcessCpu.threadGroupSeconds(pid).getOrDefault("pipeline", 0.0);
        long[] sink = new long[1];
        // Named as Reactor's parallel scheduler names its threads, so its CPU counts as the pipeline's.
        Thread worker = new Thread(() -> {
            long end = System.nanoTime() + 300_000_000L;
            while (System.nanoTime() < end) {
                sink[0] += Long.toString(sink[0]).hashCode();
            }
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "parallel-7");
        worker.start();
        Thread.sleep(800);
        Map<String, Double> groups = ProcessCpu.threadGroupSeconds(pid);
        double process = ProcessCpu.seconds(pid);
        worker.interrupt();
        worker.join();

        assertThat(groups.get("pipeline") - before).isGreaterThanOrEqualTo(0.2);
        assertThat(groups.values().stream().mapToDouble(Double::doubleValue).sum()).isLessThanOrEqualTo(process + 0.02);
        assertThat(ProcessCpu.threadGroup("reactor-tcp-epo")).isEqualTo("tcp_event_loops");
        assertThat(ProcessCpu.threadGroup("reactor-http-ni")).isEqualTo("http_event_loops");
        assertThat(ProcessCpu.threadGroup("C2 CompilerThre")).isEqualTo("jit");
        assertThat(ProcessCpu.threadGroup("G1 Conc#0")).isEqualTo("gc");
        assertThat(ProcessCpu.threadGroup("main")).isEqualTo("other");
        assertThat(ProcessCpu.threadGroupSeconds(Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void unknownProcessesAndDataDirectoriesAreNaN() {
        assertThat(ProcessCpu.seconds(Long.MAX_VALUE)).isNaN();
        assertThat(ProcessCpu.postgresSeconds(List.of(Path.of("/nonexistent-data-dir")))).isNaN();
    }
}
