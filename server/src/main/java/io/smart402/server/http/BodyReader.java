package io.smart402.server.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.ByteArrayOutputStream;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

/** Reads a whole request body into memory, refusing (413) anything over the limit as soon as it is seen. */
final class BodyReader {

    private BodyReader() {
    }

    static Mono<byte[]> read(HttpServerRequest request, long limit, String what) {
        String declared = request.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > limit) {
                    return Mono.error(new ProblemException(Problems.tooLarge(what, limit)));
                }
            } catch (NumberFormatException e) {
                return Mono.error(new ProblemException(Problems.badRequest("bad-request", "Bad request",
                        "invalid Content-Length")));
            }
        }
        return request.receive().asByteArray()
                .reduce(new ByteArrayOutputStream(), (out, chunk) -> {
                    if (out.size() + (long) chunk.length > limit) {
                        throw new ProblemException(Problems.tooLarge(what, limit));
                    }
                    out.write(chunk, 0, chunk.length);
                    return out;
                })
                .map(ByteArrayOutputStream::toByteArray);
    }
}
