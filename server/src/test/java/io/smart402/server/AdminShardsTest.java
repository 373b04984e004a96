package io.smart402.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** GET /admin/shards and the admin key check. */
class AdminShardsTest {

    private static Http.Response get(String key) {
        return Http.client().headers(h -> {
                    if (key != null) {
                        h.set("Authorization", "Bearer " + key);
                    }
                })
                .get().uri("/admin/shards")
                .responseSingle((res, body) -> body.asByteArray().defaultIfEmpty(new byte[0])
                        .map(b -> new Http.Response(res.status().code(), res.responseHeaders(), b)))
                .block(Duration.ofSeconds(30));
    }

    @Test
    void refusesWithoutAnAdminKey() {
        Http.Response none = get(null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.contentType()).isEqualTo("application/problem+json");
        assertThat(get("wrong-key").status()).isEqualTo(401);
        assertThat(get(TestServer.CLIENT_KEY).status()).isEqualTo(403);
    }

    @Test
    void showsTopologyHealthBreakersAndOutboxLag() throws Exception {
        Http.Response response = get(TestServer.ADMIN_KEY);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        JsonNode doc = new ObjectMapper().readTree(response.body());
        assertThat(doc.get("strategy").textValue()).isEqualTo("consistent-hash");
        assertThat(doc.get("write_failover").textValue()).isEqualTo("replica");
        assertThat(doc.get("shards")).hasSize(3);
        JsonNode node = doc.at("/shards/0/nodes/0");
        assertThat(node.get("role").textValue()).isEqualTo("primary");
        assertThat(node.get("up").booleanValue()).isTrue();
        assertThat(node.get("breaker").textValue()).isEqualTo("CLOSED");
        assertThat(node.get("outbox_depth").isNumber()).isTrue();
        assertThat(node.get("outbox_oldest_age_seconds").isNumber()).isTrue();
        assertThat(doc.at("/shards/0/nodes/1/role").textValue()).isEqualTo("replica");
    }
}
