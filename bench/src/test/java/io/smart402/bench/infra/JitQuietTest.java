package io.smart402.bench.infra;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

@EnabledOnOs(OS.LINUX)
class JitQuietTest {

    @Test
    void theJitsShareOfThisJvmsCpuIsMeasuredAndComparedWithTheBound() {
        long pid = ProcessHandle.current().pid();
        JitQuiet never = new JitQuiet(pid, 0.0);
        JitQuiet always = new JitQuiet(pid, 1.01);
        burn();

        // A share is measured (the process used CPU), so no bound of 0 is met and any bound over 1 is.
        assertThat(never.getAsBoolean()).isFalse();
        assertThat(never.lastShare()).isBetween(0.0, 1.0);
        assertThat(always.getAsBoolean()).isTrue();
    }

    @Test
    void aProcessThatCannotBeReadCountsAsQuiet() {
        JitQuiet unknown = new JitQuiet(Long.MAX_VALUE, 0.0);
        assertThat(unknown.getAsBoolean()).isTrue();
        assertThat(unknown.lastShare()).isNaN();
    }

    private static void burn() {
        long sink = 0;
        long end = System.nanoTime() + 300_000_000L;
        while (System.nanoTime() < end) {
            sink += Long.toString(sink).hashCode();
        }
        assertThat(sink).isNotEqualTo(42);
    }
}
