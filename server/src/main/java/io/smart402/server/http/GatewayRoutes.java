package io.smart402.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.smart402.server.auth.AdminGuard;
import io.smart402.server.gateway.GatewayBackends;
import io.smart402.server.gateway.Proxy;
import io.smart402.server.gateway.RetryBudget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * The gateway's HTTP surface: its own {@code /health}, {@code /ready} (some backend can take a request) and
 * {@code /metrics}, the admin endpoints under {@code /gateway/backends} (admin key), and everything else proxied.
 * Every route goes through {@link HttpMetrics#route}: request id, problems, timing, access log.
 */
public final class GatewayRoutes {

    /** The longest admin request body (a backend address and a weight). */
    private static final long MAX_ADMIN_BODY = 4096;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpMetrics metrics;
    private final AdminGuard guard;
    private final GatewayBackends backends;
    private final Proxy proxy;
    private final RetryBudget budget;
    private final String strategy;
    private final PrometheusMeterRegistry prometheus;

    public GatewayRoutes(HttpMetrics metrics, AdminGuard guard, GatewayBackends backends, Proxy proxy,
                         RetryBudget budget, String strategy, PrometheusMeterRegistry prometheus) {
        this.metrics = metrics;
        this.guard = guard;
        this.backends = backends;
        this.proxy = proxy;
        this.budget = budget;
        this.strategy = strategy;
        this.prometheus = prometheus;
    }

    public void register(HttpServerRoutes routes) {
        routes.get("/health", route("/health", (req, res) -> Responses.json(res, 200, Map.of("status", "UP"))));
        routes.get("/ready", route("/ready", this::ready));
        routes.get("/metrics", route("/metrics", (req, res) -> Responses.text(res, 200,
                "text/plain; version=0.0.4; charset=utf-8", prometheus.scrape().getBytes(StandardCharsets.UTF_8))));
        routes.get("/gateway/backends", route("/gateway/backends", guard.admin(this::list)));
        routes.post("/gateway/backends", route("/gateway/backends", guard.admin(this::add)));
        routes.post("/gateway/backends/{id}/drain", route("/gateway/backends/{id}/drain",
                guard.admin(this::drain)));
        routes.delete("/gateway/backends/{id}", route("/gateway/backends/{id}", guard.admin(this::remove)));
        routes.route(request -> true, route("proxy", (req, res) -> proxy.forward(req, res)));
    }

    private BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> route(
            String template, BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> handler) {
        return metrics.route(template, handler);
    }

    private Publisher<Void> ready(HttpServerRequest request, HttpServerResponse response) {
        boolean ready = backends.anyEligible();
        return Responses.json(response, ready ? 200 : 503, Map.of("status", ready ? "UP" : "DOWN",
                "backends", backends.list()));
    }

    private Publisher<Void> list(HttpServerRequest request, HttpServerResponse response) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("strategy", strategy);
        view.put("retryBudget", Map.of("available", budget.available()));
        view.put("backends", backends.list());
        return Responses.json(response, 200, view);
    }

    /** {@code {"address": "host:port", "weight": 1}}; 201 with the new backend. */
    private Publisher<Void> add(HttpServerRequest request, HttpServerResponse response) {
        return BodyReader.read(request, MAX_ADMIN_BODY, "admin request body").flatMap(bytes -> {
            JsonNode body = parse(bytes);
            JsonNode address = body.get("address");
            JsonNode weight = body.get("weight");
            if (address == null || !address.isTextual()) {
                return Mono.error(new ProblemException(Problems.invalidParameter("address",
                        "'address' must be a string host:port")));
            }
            if (weight != null && !weight.canConvertToInt()) {
                return Mono.error(new ProblemException(Problems.invalidParameter("weight",
                        "'weight' must be an integer in [1, 1000000]")));
            }
            return Mono.from(Responses.json(response, 201,
                    backends.add(address.asText(), weight == null ? 1 : weight.asInt())));
        });
    }

    private Publisher<Void> drain(HttpServerRequest request, HttpServerResponse response) {
        String id = request.param("id");
        return backends.drain(id)
                .switchIfEmpty(Mono.error(() -> unknown(id)))
                .flatMap(view -> Mono.from(Responses.json(response, 200, view)));
    }

    private Publisher<Void> remove(HttpServerRequest request, HttpServerResponse response) {
        String id = request.param("id");
        return backends.remove(id).flatMap(removed -> removed
                ? Mono.from(response.status(204).send())
                : Mono.error(unknown(id)));
    }

    private static ProblemException unknown(String id) {
        return new ProblemException(Problems.notFound("no backend '" + id + "'; GET /gateway/backends lists them"));
    }

    private static JsonNode parse(byte[] bytes) {
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new ProblemException(Problems.badRequest("malformed-json", "Malformed JSON",
                        "the body must be a JSON object {\"address\": \"host:port\", \"weight\": 1}"));
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ProblemException(Problems.badRequest("malformed-json", "Malformed JSON",
                    "the body is not JSON: " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new IllegalStateException("reading JSON from a byte array does no I/O", e);
        }
    }
}
