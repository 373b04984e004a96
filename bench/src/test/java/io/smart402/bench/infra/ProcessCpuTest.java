package io.smart402.bench.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
        CountDownLatch spun = new CountDownLatch(1);
        // Named as Reactor's parallel scheduler names its threads, so its CPU counts as the pipeline's. It spins
        // until it has used 300 ms of CPU (not of wall time: on a loaded machine it may get much less than a core),
        // then idles while the groups are read.
        Thread worker = new Thread(() -> {
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            long start = mx.getCurrentThreadCpuTime();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (mx.getCurrentThreadCpuTime() - start < 300_000_000L && System.nanoTime() < deadline) {
                for (int k = 0; k < 1_000; k++) {
                    sink[0] += Long.toString(sink[0]).hashCode();
                }
            }
            spun.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "parallel-7");
        worker.start();
        assertThat(spun.await(60, TimeUnit.SECONDS)).isTrue();
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
