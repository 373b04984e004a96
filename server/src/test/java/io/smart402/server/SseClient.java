package io.smart402.server;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import reactor.netty.http.client.HttpClient;

/** Reads an SSE response frame by frame (test threads only: {@link #read} blocks). */
public final class SseClient {

    /** One frame: its fields ({@code id}, {@code event}, {@code data}, {@code retry}) or a comment. */
    public record Frame(Map<String, String> fields, String comment) {
        public String get(String field) {
            return fields.get(field);
        }

        public boolean isComment() {
            return comment != null;
        }
    }

    /** What a stream answered: its status and content type, and the frames read. */
    public record Result(int status, String contentType, List<Frame> frames, String body) {
    }

    private SseClient() {
    }

    /**
     * Opens {@code uri} with {@code headers}, reads frames until one matches {@code last} (or the stream ends),
     * then closes it. A non-200 answer is returned whole in {@code body}.
     */
    public static Result read(String baseUrl, String uri, Map<String, String> headers, Predicate<Frame> last,
                              Duration timeout) {
        return HttpClient.create().baseUrl(baseUrl).responseTimeout(timeout)
                .headers(h -> headers.forEach(h::set))
                .get().uri(uri)
                .response((res, body) -> {
                    String type = res.responseHeaders().get("Content-Type", "");
                    if (res.status().code() != 200) {
                        return body.aggregate().asString().defaultIfEmpty("")
                                .map(text -> new Result(res.status().code(), type, List.of(), text)).flux();
                    }
                    StringBuilder pending = new StringBuilder();
                    return body.asString(StandardCharsets.UTF_8)
                            .concatMapIterable(chunk -> frames(pending, chunk))
                            .takeUntil(last)
                            .collectList()
                            .map(frames -> new Result(200, type, frames, null)).flux();
                })
                .next()
                .block(timeout);
    }

    private static List<Frame> frames(StringBuilder pending, String chunk) {
        pending.append(chunk);
        List<Frame> frames = new ArrayList<>();
        int end;
        while ((end = pending.indexOf("\n\n")) >= 0) {
            String text = pending.substring(0, end);
            pending.delete(0, end + 2);
            Map<String, String> fields = new java.util.LinkedHashMap<>();
            String comment = null;
            for (String line : text.split("\n")) {
                if (line.startsWith(":")) {
                    comment = line.substring(1).trim();
                } else {
                    int colon = line.indexOf(':');
                    fields.merge(line.substring(0, colon), line.substring(colon + 1).stripLeading(),
                            (a, b) -> a + "\n" + b);
                }
            }
            frames.add(new Frame(fields, comment));
        }
        return frames;
    }

    /** Frames until the n-th stats event. */
    public static Predicate<Frame> nthEvent(int n) {
        int[] seen = {0};
        return frame -> "stats".equals(frame.get("event")) && ++seen[0] >= n;
    }

}
