package io.smart402.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every kind of bad input gets a 4xx problem+json, and the server keeps serving. */
class BadInputTest {

    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    @AfterEach
    void serverStillServes() throws Exception {
        Http.Response ok = Http.postJson("/contracts", ContractEndpointsTest.example("legacy.json"));
        assertThat(ok.status()).as(ok.text()).isEqualTo(201);
    }

    private static void assertProblem(Http.Response response, int status, String... fragments) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.text()).contains("\"status\":" + status).contains("\"type\":\"https://smart402.io/problems/");
        for (String fragment : fragments) {
            assertThat(response.text()).contains(fragment);
        }
    }

    @Test
    void malformedJson() {
        assertProblem(Http.postJson("/contracts", "{\"type\": \"saas\", "), 400, "malformed-json");
    }

    @Test
    void notAnObject() {
        assertProblem(Http.postJson("/contracts", "[1,2,3]"), 400, "E_NOT_OBJECT");
    }

    @Test
    void wrongTypesAndMissingFieldsAreAllReported() {
        String body = "{\"type\": 42, \"parties\": \"alice\", \"payment\": {\"amount\": \"lots\"}}";
        assertProblem(Http.postJson("/contracts", body), 400, "invalid-contract", "E_PARTIES_MIN", "\"errors\"");
    }

    @Test
    void missingPayment() {
        assertProblem(Http.postJson("/contracts", "{\"type\":\"saas\",\"parties\":[\"a\",\"b\"]}"), 400,
                "E_PAYMENT_MISSING");
    }

    @Test
    void fiveMegabyteBody() {
        byte[] big = ("{\"description\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertProblem(Http.post("/contracts", JSON, big), 413, "payload-too-large");
    }

    @Test
    void deepNesting() {
        String deep = "{\"a\":".repeat(200) + "1" + "}".repeat(200);
        assertProblem(Http.postJson("/contracts", deep), 400, "E_LIMIT");
    }

    @Test
    void invalidUtf8() {
        byte[] body = {'{', '"', 't', 'y', 'p', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertProblem(Http.post("/contracts", JSON, body), 400, "E_ENCODING");
    }

    @Test
    void unsupportedContentType() {
        assertProblem(Http.post("/contracts", Map.of("Content-Type", "text/plain"),
                "hello".getBytes(StandardCharsets.UTF_8)), 415, "unsupported-media-type");
    }

    @Test
    void unknownRouteAndWrongMethod() {
        assertProblem(Http.get("/nope"), 404, "not-found");
        // GET /contracts is the scatter-gather listing now.
        assertProblem(Http.postJson("/health", "{}"), 405, "method-not-allowed");
        assertProblem(Http.get("/admin/repair"), 405, "method-not-allowed");
    }

    @Test
    void batchWithUnacceptableAccept() {
        assertProblem(Http.post("/contracts/batch", Map.of("Content-Type", "application/x-ndjson", "Accept", "image/png"),
                "{}\n".getBytes(StandardCharsets.UTF_8)), 406, "not-acceptable");
    }
}
