package io.smart402.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 §3: a request refused before its body is read still reaches clients that write the whole body before
 * reading (Java's HttpURLConnection here), because the server reads and discards the rest before closing.
 */
public class LingeringCloseTest {

    /** Sends {@code bytes} of body in one go, then reads the status and body, as HttpURLConnection users do. */
    public static Answer postWholeBody(String url, int bytes, String apiKey) throws Exception {
        return postWholeBody(url, bytes, apiKey, false);
    }

    /** @param close send {@code Connection: close}, as Python's urllib does on every request */
    public static Answer postWholeBody(String url, int bytes, String apiKey, boolean close) throws Exception {
        HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
        connection.setDoOutput(true);
        connection.setRequestMethod("POST");
        connection.setRequestProperty("Content-Type", "application/json");
        if (apiKey != null) {
            connection.setRequestProperty("X-API-Key", apiKey);
        }
        if (close) {
            connection.setRequestProperty("Connection", "close");
        }
        connection.setFixedLengthStreamingMode(bytes);
        connection.setConnectTimeout(10_000);
        connection.setReadTimeout(60_000);
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) ' ');
        chunk[0] = '{';
        try (OutputStream out = connection.getOutputStream()) {
            int left = bytes;
            while (left > 0) {
                int n = Math.min(left, chunk.length);
                out.write(chunk, 0, n);
                chunk[0] = ' ';
                left -= n;
            }
        }
        int status = connection.getResponseCode();
        InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        String text = body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8);
        return new Answer(status, connection.getContentType(), text);
    }

    public record Answer(int status, String contentType, String body) {
    }

    @Test
    void fiveMegabytesOverTheLimitGetA413NotAReset() throws Exception {
        Answer answer = postWholeBody(TestServer.baseUrl() + "/contracts", 5 * 1024 * 1024, TestServer.CLIENT_KEY);
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body()).contains("payload-too-large");
    }

    @Test
    void aClientThatClosesAfterTheExchangeStillGetsThe413() throws Exception {
        Answer answer = postWholeBody(TestServer.baseUrl() + "/contracts", 5 * 1024 * 1024, TestServer.CLIENT_KEY,
                true);
        assertThat(answer.status()).isEqualTo(413);
    }

    @Test
    void unauthenticatedBodyGetsA401NotAReset() throws Exception {
        Answer answer = postWholeBody(TestServer.baseUrl() + "/contracts", 5 * 1024 * 1024, null, true);
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.contentType()).startsWith("application/problem+json");
    }
}
