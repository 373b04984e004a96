package io.smart402.shard.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.r2dbc.spi.R2dbcException;
import io.smart402.core.store.ContractRecord;
import io.smart402.shard.TestFleet;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * The upsert's documents travel as their own UTF-8 bytes typed json ({@link JsonTextCodec}), on a real
 * PostgreSQL primary: stored exactly as sent, and refused whole when one of them is not UTF-8 or not JSON.
 */
class UpsertStatementTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String NODE = "s0-primary";
    /** The fleet's data directory outlives a run: ids unique to this run keep old rows out of the way. */
    private static final String RUN = "up" + System.nanoTime() + "-";

    private static TestFleet fleet;

    @BeforeAll
    static void start() {
        fleet = TestFleet.start("upsert-statement-fleet", List.of(0));
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    private static ContractRecord record(String id, byte[] document) {
        return new ContractRecord(id, 1, "d", "custom", "processed", document);
    }

    private static long upsert(ContractRecord... records) {
        return fleet.store().node(NODE).withConnection(c -> UpsertStatement.execute(c, List.of(records))).block(WAIT);
    }

    /** The stored document's UTF-8 bytes, or null when the row does not exist. */
    private static byte[] stored(String id) {
        return fleet.store().node(NODE).withConnection(c -> Flux.from(c.createStatement(
                        "SELECT convert_to(document::text, 'UTF8') FROM contracts WHERE id = $1").bind("$1", id).execute())
                .flatMap(r -> r.map((row, meta) -> row.get(0, byte[].class))).next()).block(WAIT);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void storesEveryDocumentOfABatchByteForByte() {
        byte[][] documents = {
                utf8("{\"t\":\"Zahlung für Müller — 支付 😀 \\ud83d\\ude00 \\\" \\\\ \\n\"}"),
                utf8("{ \"spaced\" : [ 1 , 2.50 , 1e3 ] ,\n\"nested\":{\"]\":\",\"}}"),
                utf8("[]"),
                utf8("\"a string is a document too\"")};
        ContractRecord[] records = new ContractRecord[documents.length];
        for (int i = 0; i < documents.length; i++) {
            records[i] = record(RUN + "exact-" + i, documents[i]);
        }
        assertThat(upsert(records)).isEqualTo(documents.length);
        for (int i = 0; i < documents.length; i++) {
            assertThat(stored(records[i].id())).as(records[i].id()).isEqualTo(documents[i]);
        }
    }

    @Test
    void refusesTheWholeBatchWhenADocumentIsNotUtf8() {
        byte[] latin1 = "{\"t\":\"Müller\"}".getBytes(StandardCharsets.ISO_8859_1);
        String good = RUN + "beside-latin1";
        assertThatThrownBy(() -> upsert(record(good, utf8("{}")), record(RUN + "latin1", latin1)))
                .isInstanceOf(R2dbcException.class).hasMessageContaining("UTF8");
        assertThat(stored(good)).isNull();
        assertThat(stored(RUN + "latin1")).isNull();
    }

    @Test
    void refusesTheWholeBatchWhenADocumentIsNotJson() {
        String good = RUN + "beside-broken";
        assertThatThrownBy(() -> upsert(record(good, utf8("{}")), record(RUN + "broken", utf8("{\"a\":"))))
                .isInstanceOf(R2dbcException.class).hasMessageContaining("json");
        assertThat(stored(good)).isNull();
    }
}
