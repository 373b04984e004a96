package io.smart402.server.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes contracts over HTTP and reads feed frames: what the feed tests share. */
public final class FeedSupport {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private FeedSupport() {
    }

    /** A small valid contract; {@code amount} makes a new version of the same id differ. */
    public static String contract(String id, int amount) {
        return "{\"id\":\"" + id + "\",\"type\":\"payment\",\"amount\":" + amount
                + ",\"parties\":[\"party_a\",\"party_b\"],\"description\":\"feed test " + amount + "\"}";
    }

    /** Posts the contracts as one NDJSON batch through {@code base}; asserts every one was stored. */
    public static void write(String base, String key, List<String> contracts) {
        String body = contracts.stream().collect(Collectors.joining("\n", "", "\n"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/contracts/batch?view=summary"))
                .header("X-API-Key", key).header("Content-Type", "application/x-ndjson")
                .header("Accept", "application/x-ndjson").timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body().lines().filter(l -> l.contains("\"status\":\"processed\"")).count())
                    .as(response.body()).isEqualTo(contracts.size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode data(FeedStream.Frame frame) {
        try {
            return JSON.readTree(frame.data());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Headers of the test client, plus {@code extra}. */
    public static Map<String, String> headers(String key, Map<String, String> extra) {
        java.util.Map<String, String> all = new java.util.HashMap<>(extra);
        all.put("X-API-Key", key);
        all.putIfAbsent("Accept", "text/event-stream");
        return all;
    }

    /**
     * Reads frames until a change event for {@code id} arrives (the feed is then live past that point); fails
     * after {@code timeout}. Returns that frame.
     */
    public static FeedStream.Frame awaitChange(FeedStream stream, String id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            FeedStream.Frame f = stream.next(Duration.ofMillis(500));
            if (f != null && f.data() != null && f.id() != null && id.equals(data(f).path("id").asText())) {
                return f;
            }
            if (f != null && "end".equals(f.event())) {
                throw new AssertionError("feed ended before " + id + " arrived");
            }
        }
        throw new AssertionError("no change event for " + id + " within " + timeout);
    }
}
