package io.smart402.server.http;

import io.netty.handler.codec.http.HttpMethod;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * One row of the route table: a method, a path template ({@code /contracts/{id}}: a {@code {name}} segment
 * matches one non-empty path segment) and its handler.
 */
public record Route(HttpMethod method, String template,
                    BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> handler) {

    /**
     * Whether {@code path} lies under this route: it fits the template, or it starts with the template's fixed
     * part before its first {@code {variable}} ({@code contracts/a/b} is under {@code /contracts/{id}}), so a
     * wrong method on such a path is a 405 rather than a 404.
     */
    public boolean covers(String path) {
        int variable = template.indexOf('{');
        return matches(path) || variable > 0 && path.startsWith(template.substring(1, variable));
    }

    /** Whether {@code path} (without the leading slash, as Reactor Netty gives it) fits this template. */
    public boolean matches(String path) {
        String[] want = template.substring(1).split("/", -1);
        String[] have = path.split("/", -1);
        if (want.length != have.length) {
            return false;
        }
        for (int i = 0; i < want.length; i++) {
            boolean variable = want[i].startsWith("{") && want[i].endsWith("}");
            if (variable ? have[i].isEmpty() : !want[i].equals(have[i])) {
                return false;
            }
        }
        return true;
    }
}
