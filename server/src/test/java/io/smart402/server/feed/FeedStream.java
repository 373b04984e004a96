package io.smart402.server.feed;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A test client of the change feed: one real HTTP connection (the JDK client, from test threads only), its SSE
 * frames parsed as they arrive — by a reader thread into a queue ({@link #next}), or by the caller one at a time
 * ({@link #readFrame}, to be a slow consumer).
 */
public final class FeedStream implements AutoCloseable {

    /** One SSE frame: an event, a comment ({@code comment} true), or a lone {@code retry:}. */
    public record Frame(String id, String event, String data, boolean comment, String retry) {
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    private static final Frame END = new Frame(null, "end", null, false, null);

    private final HttpResponse<InputStream> response;
    private final BufferedReader reader;
    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private volatile Thread pump;

    private FeedStream(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    }

    /** Opens {@code base + "/contracts/changes" + query} with {@code headers}; frames are read by a thread. */
    public static FeedStream open(String base, String query, Map<String, String> headers) {
        FeedStream stream = openManual(base, query, headers);
        if (stream.status() == 200) {
            stream.startPump();
        }
        return stream;
    }

    /** Like {@link #open}, but nothing is read until the caller calls {@link #readFrame}. */
    public static FeedStream openManual(String base, String query, Map<String, String> headers) {
        // The timeout bounds the wait for the response headers only (then the body streams): a hang fails the test.
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/contracts/changes" + query))
                .timeout(Duration.ofSeconds(90)).GET();
        headers.forEach(request::header);
        try {
            return new FeedStream(CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int status() {
        return response.statusCode();
    }

    public String contentType() {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    /** The whole body of a refused request (a problem). */
    public String body() {
        try (InputStream in = response.body()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void startPump() {
        pump = new Thread(() -> {
            try {
                Frame f;
                while ((f = readFrame()) != null) {
                    frames.add(f);
                }
            } catch (UncheckedIOException e) {
                // closed by the test
            } finally {
                frames.add(END);
            }
        }, "feed-stream-reader");
        pump.setDaemon(true);
        pump.start();
    }

    /** The next frame within {@code timeout}, or null; after the stream ended, an "end" frame. */
    public Frame next(Duration timeout) {
        try {
            return frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Reads one frame from the connection (blocking), or null at the end of the stream. */
    public Frame readFrame() {
        String id = null;
        String event = null;
        String retry = null;
        StringBuilder data = null;
        boolean comment = false;
        try {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty()) {
                    if (id != null || event != null || data != null || comment || retry != null) {
                        return new Frame(id, event, data == null ? null : data.toString(), comment, retry);
                    }
                    continue;
                }
                if (line.startsWith(":")) {
                    comment = true;
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("retry: ")) {
                    retry = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = data == null ? new StringBuilder(line.substring(6)) : data.append('\n').append(line.substring(6));
                } else {
                    // NDJSON: one line is one event
                    return new Frame(null, "ndjson", line, false, null);
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            // already closed
        }
    }
}
