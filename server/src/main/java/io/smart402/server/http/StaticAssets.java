package io.smart402.server.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.reactivestreams.Publisher;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Files served as they are (the dashboard's page, script, styles and its vendored chart library), read from the
 * classpath once at start-up: an event loop must not read a jar or a disk per request.
 */
final class StaticAssets {

    /** One file in memory. */
    record Asset(String contentType, byte[] body) {
    }

    private final Map<String, Asset> byName;

    private StaticAssets(Map<String, Asset> byName) {
        this.byName = Map.copyOf(byName);
    }

    /**
     * Reads {@code names} (file name → content type) under classpath directory {@code base}. Blocking: start-up
     * only; a missing file fails start-up, naming it.
     */
    static StaticAssets load(String base, Map<String, String> names) {
        Map<String, Asset> loaded = new LinkedHashMap<>();
        ClassLoader loader = StaticAssets.class.getClassLoader();
        names.forEach((name, type) -> {
            try (InputStream in = loader.getResourceAsStream(base + name)) {
                if (in == null) {
                    throw new IllegalStateException("static asset missing from the classpath: " + base + name);
                }
                loaded.put(name, new Asset(type, in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException("reading static asset " + base + name, e);
            }
        });
        return new StaticAssets(loaded);
    }

    Optional<Asset> get(String name) {
        return Optional.ofNullable(name == null ? null : byName.get(name));
    }

    /**
     * Answers with the file. {@code no-cache}: the browser revalidates, so a new release's page never runs an old
     * script; {@code nosniff} and a same-origin-only content security policy, because the page handles an admin's
     * session.
     */
    static Publisher<Void> send(HttpServerResponse response, Asset asset) {
        response.header(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
        return Responses.text(response, 200, asset.contentType(), asset.body());
    }
}
