package io.smart402.shard.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.Connection;
import io.smart402.core.store.ContractRecord;
import io.smart402.shard.TestFleet;
import io.smart402.shard.sql.UpsertStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The change history of a shard on a real PostgreSQL primary: order, paging, and commits that land out of order. */
class ChangeReaderTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ChangeReader.Filter ALL = new ChangeReader.Filter(null, null, true);

    /** The fleet's data directory outlives a run: ids unique to this run keep old rows out of the way. */
    private static final String RUN = "r" + System.nanoTime() + "-";

    private static TestFleet fleet;
    private static ChangeReader reader;

    @BeforeAll
    static void start() {
        fleet = TestFleet.start("change-reader-fleet", List.of(0));
        reader = new ChangeReader(fleet.store());
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    private static Mono<Connection> connect() {
        return Mono.from(fleet.store().pool("s0-primary").direct().create());
    }

    private static void upsert(ContractRecord... records) {
        fleet.store().node("s0-primary").withConnection(c -> UpsertStatement.execute(c, List.of(records))).block(WAIT);
    }

    /** Every change after {@code from}, page by page; the last page's next position is the second element. */
    private static List<Change> readAll(FeedPosition[] from, int pageSize) {
        List<Change> out = new ArrayList<>();
        ChangePage page;
        do {
            page = reader.read("s0", from[0], ALL, pageSize).block(WAIT);
            out.addAll(page.changes());
            from[0] = page.next();
        } while (page.full());
        return out;
    }

    @Test
    void aCommitThatLandsAfterALaterOneIsNeitherSkippedNorSentEarly() {
        FeedPosition[] at = {reader.now("s0").block(WAIT)};
        Connection slow = connect().block(WAIT);
        try {
            // The slow writer takes its transaction id first and commits last.
            Mono.from(slow.beginTransaction()).then(UpsertStatement.execute(slow,
                    List.of(TestFleet.record(RUN + "early", 1, "custom", "processed")))).block(WAIT);
            upsert(TestFleet.record(RUN + "late", 1, "custom", "processed"));

            ChangePage page = reader.read("s0", at[0], ALL, 10).block(WAIT);
            // "late" is committed and visible, but a transaction with a smaller id is still open: not yet.
            assertThat(page.changes()).isEmpty();
            assertThat(page.unsettled()).isTrue();
            at[0] = page.next();

            Mono.from(slow.commitTransaction()).block(WAIT);
        } finally {
            Mono.from(slow.close()).block(WAIT);
        }
        List<Change> changes = readAll(at, 10);
        assertThat(changes).extracting(Change::id).containsExactly(RUN + "early", RUN + "late");
        assertThat(changes).allMatch(Change::created);
    }

    @Test
    void pagesFollowCommitOrderAndAnUpdateMovesTheContractToTheEnd() {
        FeedPosition[] at = {reader.now("s0").block(WAIT)};
        for (int batch = 0; batch < 5; batch++) {
            int b = batch;
            upsert(IntStream.range(0, 7).mapToObj(i -> TestFleet.record(RUN + "p" + b + "-" + i, 1, "custom", "processed"))
                    .toArray(ContractRecord[]::new));
        }
        upsert(TestFleet.record(RUN + "p0-0", 2, "custom", "processed"));
        // An older version is refused by the upsert: no change, nothing in the feed.
        upsert(TestFleet.record(RUN + "p1-0", 0, "custom", "processed"));

        List<Change> changes = readAll(at, 3);
        List<String> expected = new ArrayList<>();
        for (int batch = 0; batch < 5; batch++) {
            for (int i = 0; i < 7; i++) {
                if (batch + i > 0) {
                    expected.add(RUN + "p" + batch + "-" + i);
                }
            }
        }
        expected.add(RUN + "p0-0");
        // Within one statement ids tie-break in the node's order; across statements commit order rules.
        assertThat(changes).extracting(Change::id).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(changes.get(changes.size() - 1).id()).isEqualTo(RUN + "p0-0");
        assertThat(changes.get(changes.size() - 1).version()).isEqualTo(2);
        assertThat(changes.get(changes.size() - 1).created()).isFalse();
        assertThat(changes).allMatch(c -> c.document() != null);
        for (int i = 1; i < changes.size() - 1; i++) {
            String prev = changes.get(i - 1).id().substring(RUN.length());
            String cur = changes.get(i).id().substring(RUN.length());
            assertThat(prev.substring(0, 2).compareTo(cur.substring(0, 2))).as(prev + " then " + cur)
                    .isLessThanOrEqualTo(0);
        }
        // Nothing new: the next read is empty and stays at the settled horizon.
        assertThat(reader.read("s0", at[0], ALL, 3).block(WAIT).changes()).isEmpty();
    }

    @Test
    void filtersAndSummaries() {
        FeedPosition[] at = {reader.now("s0").block(WAIT)};
        upsert(TestFleet.record(RUN + "f-a", 1, "nda", "processed"), TestFleet.record(RUN + "f-b", 1, "escrow", "processed"));
        ChangePage page = reader.read("s0", at[0], new ChangeReader.Filter("nda", "processed", false), 10).block(WAIT);
        assertThat(page.changes()).extracting(Change::id).containsExactly(RUN + "f-a");
        assertThat(page.changes().get(0).document()).isNull();
        assertThat(page.full()).isFalse();
    }
}
