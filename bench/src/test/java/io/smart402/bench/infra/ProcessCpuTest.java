package io.smart402.bench.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
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
    void unknownProcessesAndDataDirectoriesAreNaN() {
        assertThat(ProcessCpu.seconds(Long.MAX_VALUE)).isNaN();
        assertThat(ProcessCpu.postgresSeconds(List.of(Path.of("/nonexistent-data-dir")))).isNaN();
    }
}
