package io.smart402.server.http;

import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * The HTTP surface in one table. Every route is timed and its errors become problems ({@link HttpMetrics});
 * admin routes sit behind the admin guard. A request that matches no route is a 405 when its path lies under
 * some route of another method (derived from the table, so it cannot drift), else a 404.
 */
public final class RouteTable {

    private final List<Route> routes;
    private final HttpMetrics metrics;

    private RouteTable(List<Route> routes, HttpMetrics metrics) {
        this.routes = List.copyOf(routes);
        this.metrics = metrics;
    }

    /**
     * The server's routes. Client and admin routes pass the drain gate (refused while draining, counted while in
     * flight); health, readiness, metrics, stats and the dashboard keep answering during a drain, so that load
     * balancers and operators see it (a stats stream never ends by itself, so a drain must not wait for it).
     */
    public static RouteTable of(HttpMetrics metrics, DrainGate drain, ContractRoutes contracts, QueryRoutes query,
                                OpsRoutes ops, AdminRoutes admin, DashboardRoutes dashboard) {
        List<Route> r = new ArrayList<>();
        r.add(new Route(HttpMethod.POST, "/contracts", drain.guard(contracts::post)));
        r.add(new Route(HttpMethod.POST, "/contracts/batch", drain.guard(contracts::batch)));
        r.add(new Route(HttpMethod.GET, "/contracts", drain.guard(query::list)));
        r.add(new Route(HttpMethod.GET, "/contracts/{id}", drain.guard(contracts::get)));
        r.add(new Route(HttpMethod.GET, "/health", ops::health));
        r.add(new Route(HttpMethod.GET, "/ready", ops::ready));
        r.add(new Route(HttpMethod.GET, "/metrics", ops::metrics));
        r.add(new Route(HttpMethod.GET, "/stats", ops::stats));
        for (Route route : admin.routes()) {
            r.add(new Route(route.method(), route.template(), drain.guard(route.handler())));
        }
        r.addAll(dashboard.routes());
        return new RouteTable(r, metrics);
    }

    public List<Route> routes() {
        return routes;
    }

    /** Registers every route, then the fallback that answers 404 or 405. */
    public void register(HttpServerRoutes server) {
        for (Route route : routes) {
            BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> handler =
                    metrics.route(route.template(), route.handler());
            if (route.method().equals(HttpMethod.GET)) {
                server.get(route.template(), handler);
            } else if (route.method().equals(HttpMethod.POST)) {
                server.post(route.template(), handler);
            } else if (route.method().equals(HttpMethod.DELETE)) {
                server.delete(route.template(), handler);
            } else {
                throw new IllegalArgumentException("no registration for method " + route.method());
            }
        }
        server.route(request -> true, metrics.route("unmatched", this::unmatched));
    }

    private Publisher<Void> unmatched(HttpServerRequest request, HttpServerResponse response) {
        String path = request.path();
        boolean known = routes.stream().anyMatch(route -> route.covers(path));
        return Responses.problem(request, response, known
                ? Problems.methodNotAllowed(request.method().name(), "/" + path)
                : Problems.notFound("no route for " + request.method().name() + " /" + path));
    }
}
