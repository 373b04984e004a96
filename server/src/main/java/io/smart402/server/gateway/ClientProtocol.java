package io.smart402.server.gateway;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpVersion;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Fits a proxied answer to an HTTP/1.0 client. Reactor Netty writes a streamed answer with an HTTP/1.1 status
 * line and keeps the connection open, while an HTTP/1.0 client that asked for keep-alive ({@code ab -k}) reuses
 * the connection only when the answer says {@code Connection: keep-alive}, and otherwise waits for the close
 * that never comes. As nginx does: keep-alive is confirmed when the client asked for it and the body has a
 * declared length; else the connection closes after the answer (HTTP/1.0 knows no chunked encoding, so a body of
 * unknown length ends with the connection).
 */
final class ClientProtocol {

    private ClientProtocol() {
    }

    /** Call after the backend's headers were copied onto {@code response}, before anything is sent. */
    static void fit(HttpServerRequest request, HttpServerResponse response) {
        if (!HttpVersion.HTTP_1_0.equals(request.version())) {
            return;
        }
        if (request.isKeepAlive() && response.responseHeaders().contains(HttpHeaderNames.CONTENT_LENGTH)) {
            response.header(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        } else {
            response.keepAlive(false).chunkedTransfer(false);
        }
    }
}
