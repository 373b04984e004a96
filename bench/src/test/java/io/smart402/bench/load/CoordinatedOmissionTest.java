package io.smart402.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.smart402.bench.report.Results;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * The coordinated-omission arithmetic on a scripted run: 1000 requests per second for 10 s against a server that
 * answers in 1 ms except for one 1-second stall.
 */
class CoordinatedOmissionTest {

    private static final long MS = 1_000_000L;

    @Test
    void openLoopChargesTheStallToEveryRequestItDelayed() {
        OpenLoopSchedule schedule = new OpenLoopSchedule(0, 1_000);
        LatencyRecorder recorder = new LatencyRecorder(0);
        long stallStart = 5_000 * MS;
        long stallEnd = 6_000 * MS;
        long total = schedule.count(10);
        for (long i = 0; i < total; i++) {
            long due = schedule.intendedStart(i);
            // While the server stalls, requests due during the stall complete when it ends (+1 ms).
            long done = due >= stallStart && due < stallEnd ? stallEnd + MS : due + MS;
            recorder.record(due, done);
        }
        recorder.tick(10_000 * MS);
        Results.Latency l = LatencyRecorder.latency(recorder.total());

        assertThat(total).isEqualTo(10_000);
        assertThat(l.p50()).isCloseTo(1.0, within(0.01));
        // 1000 of 10000 requests waited between 1 ms and 1001 ms, uniformly: p99 is the 900th of them.
        assertThat(l.p99()).isCloseTo(901, within(5.0));
        assertThat(l.max()).isCloseTo(1001, within(5.0));
    }

    @Test
    void closedLoopSamplesCorrectedAfterTheFactMatchTheOpenLoopView() {
        // The closed-loop client saw 9000 quick answers and one 1-second answer (it sent nothing meanwhile).
        Histogram naive = new Histogram(LatencyRecorder.MAX_MICROS, 3);
        naive.recordValueWithCount(1_000, 9_000);
        naive.recordValue(1_000_000);
        assertThat(naive.getValueAtPercentile(99)).isEqualTo(1_000);

        Histogram corrected = LatencyRecorder.correctedFor(naive, 1_000);

        // Backfilled: 999 more samples of 999 ms, 998 ms, ... 1 ms, as the open-loop schedule would have recorded.
        assertThat(corrected.getTotalCount()).isEqualTo(9_000 + 1_000);
        assertThat(corrected.getValueAtPercentile(99) / 1000.0).isCloseTo(900, within(5.0));
    }

    @Test
    void scheduleSpacesRequestsEvenly() {
        OpenLoopSchedule schedule = new OpenLoopSchedule(1_000, 4);
        assertThat(schedule.intendedStart(0)).isEqualTo(1_000);
        assertThat(schedule.intendedStart(4)).isEqualTo(1_000 + 1_000_000_000L);
        assertThat(schedule.count(2.5)).isEqualTo(10);
    }

    @Test
    void timelineHasOnePointPerTick() {
        LatencyRecorder recorder = new LatencyRecorder(0);
        for (int i = 0; i < 100; i++) {
            recorder.record(0, 2 * MS);
        }
        recorder.tick(1_000 * MS);
        recorder.record(0, 4 * MS);
        recorder.tick(2_000 * MS);
        assertThat(recorder.timeline()).hasSize(2);
        assertThat(recorder.timeline().get(0).throughput()).isEqualTo(100.0);
        assertThat(recorder.timeline().get(1).p50()).isCloseTo(4.0, within(0.01));
        assertThat(recorder.total().getTotalCount()).isEqualTo(101);
    }
}
