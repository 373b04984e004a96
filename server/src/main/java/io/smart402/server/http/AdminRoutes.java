package io.smart402.server.http;

import io.netty.handler.codec.http.HttpMethod;
import io.smart402.server.auth.AdminGuard;
import io.smart402.server.view.ShardsView;
import java.util.List;
import java.util.function.Supplier;

/** The admin part of the route table: every route behind the admin key. */
public final class AdminRoutes {

    private final AdminGuard guard;
    private final Supplier<ShardsView> shards;
    private final RepairRoutes repair;
    private final DeadLetterRoutes deadLetters;
    private final CacheRoutes cache;

    /** @param shards the {@code GET /admin/shards} view, rendered as JSON */
    public AdminRoutes(AdminGuard guard, Supplier<ShardsView> shards, RepairRoutes repair, DeadLetterRoutes deadLetters,
                       CacheRoutes cache) {
        this.guard = guard;
        this.shards = shards;
        this.repair = repair;
        this.deadLetters = deadLetters;
        this.cache = cache;
    }

    List<Route> routes() {
        return List.of(
                new Route(HttpMethod.GET, "/admin/shards", guard.admin((req, res) -> Responses.json(res, 200,
                        shards.get()))),
                new Route(HttpMethod.POST, "/admin/repair", guard.admin(repair::repair)),
                new Route(HttpMethod.GET, "/admin/dead-letters", guard.admin(deadLetters::list)),
                new Route(HttpMethod.POST, "/admin/dead-letters/{id}/replay", guard.admin(deadLetters::replay)),
                new Route(HttpMethod.DELETE, "/admin/dead-letters/{id}", guard.admin(deadLetters::delete)),
                new Route(HttpMethod.POST, "/admin/cache/invalidate", guard.admin(cache::invalidate)));
    }
}
