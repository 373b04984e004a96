package io.smart402.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** POST /contracts/batch: one event per line, problems inline, even placement, and backpressure. */
class BatchStreamingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String line(String run, int n) {
        if (n % 97 == 0) {
            return "{\"id\": \"broken-" + n + "\", \"type\": "; // malformed JSON
        }
        if (n % 101 == 0) {
            return "{\"id\":\"" + run + "-" + n + "\",\"type\":\"payment\",\"parties\":[\"only-one\"],\"amount\":5}";
        }
        return "{\"id\":\"" + run + "-" + n + "\",\"type\":\"payment\",\"amount\":" + (n % 5000 + 1)
                + ",\"parties\":[\"buyer-" + n + "\",\"seller-" + n + "\"],\"description\":\"Batch contract " + n + "\"}";
    }

    /** Parses an SSE stream into events (each a map of field → value). */
    private static List<Map<String, String>> events(String stream) {
        List<Map<String, String>> out = new ArrayList<>();
        for (String block : stream.split("\n\n")) {
            if (block.isBlank()) {
                continue;
            }
            Map<String, String> event = new HashMap<>();
            for (String field : block.split("\n")) {
                int colon = field.indexOf(": ");
                event.put(field.substring(0, colon), field.substring(colon + 2));
            }
            out.add(event);
        }
        return out;
    }

    @Test
    void tenThousandLinesStreamBackOneEventEachAndSpreadEvenly() throws Exception {
        String run = "b" + System.nanoTime();
        int total = 10_000;
        StringBuilder body = new StringBuilder();
        for (int n = 1; n <= total; n++) {
            body.append(line(run, n)).append('\n');
        }
        Http.Response response = Http.post("/contracts/batch?view=summary",
                Map.of("Content-Type", "application/x-ndjson", "Accept", "text/event-stream"),
                body.toString().getBytes(StandardCharsets.UTF_8));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/event-stream");
        List<Map<String, String>> events = events(response.text());
        assertThat(events).hasSize(total);
        Map<String, Integer> perShard = new HashMap<>();
        int problems = 0;
        for (Map<String, String> event : events) {
            JsonNode data = JSON.readTree(event.get("data"));
            long line = data.get("line").longValue();
            if (line % 97 == 0) {
                assertThat(event.get("event")).isEqualTo("problem");
                assertThat(event.get("id")).isEqualTo(Long.toString(line));
                assertThat(data.at("/problem/type").textValue()).endsWith("/malformed-json");
                problems++;
            } else if (line % 101 == 0) {
                assertThat(event.get("event")).isEqualTo("problem");
                assertThat(event.get("id")).isEqualTo(run + "-" + line);
                assertThat(data.at("/problem/errors/0/code").textValue()).isEqualTo("E_PARTIES_MIN");
                problems++;
            } else {
                assertThat(event.get("event")).as("line %d: %s", line, event.get("data")).isEqualTo("processed");
                assertThat(event.get("id")).isEqualTo(run + "-" + line);
                perShard.merge(data.get("shard").textValue(), 1, Integer::sum);
            }
        }
        int stored = total - problems;
        System.out.printf("batch of %d: %d stored, %d problems, per shard %s%n", total, stored, problems, perShard);
        assertThat(perShard).hasSize(3);
        for (int count : perShard.values()) {
            assertThat(count).isBetween((int) (stored / 3.0 * 0.9), (int) (stored / 3.0 * 1.1));
        }
        assertThat(Http.get("/contracts/" + run + "-1").status()).isEqualTo(200);
    }

    @Test
    void ndjsonResponseAndJsonArrayInput() throws Exception {
        String run = "a" + System.nanoTime();
        String array = "[" + line(run, 1) + "," + line(run, 101) + "," + line(run, 2) + "]";
        Http.Response response = Http.post("/contracts/batch",
                Map.of("Content-Type", "application/json", "Accept", "application/x-ndjson"),
                array.getBytes(StandardCharsets.UTF_8));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/x-ndjson");
        String[] lines = response.text().split("\n");
        assertThat(lines).hasSize(3);
        Map<Long, JsonNode> byLine = new HashMap<>();
        for (String l : lines) {
            JsonNode node = JSON.readTree(l);
            byLine.put(node.get("line").longValue(), node);
        }
        assertThat(byLine.get(1L).get("status").textValue()).isEqualTo("processed");
        assertThat(byLine.get(1L).get("document").get("x402")).isNotNull();
        assertThat(byLine.get(2L).get("status").textValue()).isEqualTo("rejected");
        assertThat(byLine.get(3L).get("status").textValue()).isEqualTo("processed");
    }

    /**
     * A client that stops reading the SSE response must stop the server from reading the request: the body is
     * generated lazily, so the number of lines the client managed to send stays far below the total while the
     * response is not read, instead of the server buffering everything.
     */
    @Test
    void slowReaderThrottlesTheUploadInsteadOfGrowingServerBuffers() throws Exception {
        String run = "s" + System.nanoTime();
        int total = 200_000;
        AtomicLong generated = new AtomicLong();
        Flux<ByteBuf> body = Flux.range(1, total)
                .map(n -> Unpooled.copiedBuffer(line(run, n) + "\n", StandardCharsets.UTF_8))
                .doOnNext(b -> generated.incrementAndGet());
        AtomicLong received = new AtomicLong();
        // Small client socket buffers, so what the client manages to send measures the server's buffering, not
        // how far the kernel auto-tuned this connection's buffers (up to tens of MB on loopback).
        var subscription = Http.client()
                .option(ChannelOption.SO_RCVBUF, 64 * 1024)
                .option(ChannelOption.SO_SNDBUF, 64 * 1024)
                .headers(h -> h.set("Content-Type", "application/x-ndjson").set("Accept", "text/event-stream")
                        .set("X-API-Key", TestServer.CLIENT_KEY))
                .post().uri("/contracts/batch")
                .send(body)
                .responseContent()
                .asByteArray()
                .limitRate(1)
                .delayElements(Duration.ofMillis(200))
                .doOnNext(b -> received.addAndGet(b.length))
                .subscribe();
        try {
            Thread.sleep(4000);
            long sentWhileStalled = generated.get();
            int inFlight = TestServer.get().store().queuedWrites();
            Thread.sleep(2000);
            long sentLater = generated.get();
            System.out.printf("slow reader: %d of %d lines sent after 4 s, %d after 6 s; %d bytes read; writes queued %d%n",
                    sentWhileStalled, total, sentLater, received.get(), inFlight);
            assertThat(sentLater).isLessThan(total / 4);
            assertThat(inFlight).isLessThanOrEqualTo(64);
        } finally {
            subscription.dispose();
        }
    }
}
