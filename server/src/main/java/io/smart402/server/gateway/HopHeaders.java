package io.smart402.server.gateway;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Copies headers between the client's and the backend's exchanges as a proxy must (RFC 9110 §7.6.1): drops the
 * hop-by-hop headers (the fixed list and those the {@code Connection} header names), leaves {@code Host} to the
 * backend's address (the client's goes in {@code X-Forwarded-Host}), keeps {@code Content-Length} (the body
 * passes unchanged; without one each hop chunks on its own), and appends this hop to {@code X-Forwarded-For} and {@code Forwarded}
 * (RFC 7239).
 */
final class HopHeaders {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade");

    /** Besides the hop-by-hop ones: the backend's own Host, and the request id the gateway sets itself. */
    private static final Set<String> REQUEST_SKIPPED = union(HOP_BY_HOP, "host", "x-request-id");

    /** Besides the hop-by-hop ones: the request id, which is the gateway's (already set). */
    private static final Set<String> RESPONSE_SKIPPED = union(HOP_BY_HOP, "x-request-id");

    private HopHeaders() {
    }

    /** The request headers to send to a backend. */
    static void copyRequest(HttpHeaders from, HttpHeaders to, InetSocketAddress client, String requestId) {
        copy(from, to, skipped(from, REQUEST_SKIPPED));
        String address = client == null ? "unknown" : client.getAddress() == null ? client.getHostString()
                : client.getAddress().getHostAddress();
        String previous = from.get("X-Forwarded-For");
        to.set("X-Forwarded-For", previous == null ? address : previous + ", " + address);
        String host = from.get(HttpHeaderNames.HOST);
        String forwarded = "for=" + forwardedNode(address) + ";proto=http"
                + (host == null ? "" : ";host=\"" + host.replace("\"", "") + "\"");
        String previousForwarded = from.get("Forwarded");
        to.set("Forwarded", previousForwarded == null ? forwarded : previousForwarded + ", " + forwarded);
        if (host != null && !from.contains("X-Forwarded-Host")) {
            to.set("X-Forwarded-Host", host);
        }
        if (!from.contains("X-Forwarded-Proto")) {
            to.set("X-Forwarded-Proto", "http");
        }
        to.set("X-Request-Id", requestId);
    }

    /** The response headers to send to the client (the request id is the gateway's, already set). */
    static void copyResponse(HttpHeaders from, HttpHeaders to) {
        copy(from, to, skipped(from, RESPONSE_SKIPPED));
    }

    /**
     * Sets rather than adds: the receiving side may hold defaults of its own (Reactor Netty's client sends
     * {@code Accept: *}{@code /*}), which a second value would not replace but follow, and the backend would
     * read the first. So a name the receiving side has and the sending side sends is dropped there first, then
     * every header is added as it comes (one pass over the entries: no per-name lists, no lower-cased copies).
     */
    private static void copy(HttpHeaders from, HttpHeaders to, Set<String> skip) {
        if (!to.isEmpty()) {
            for (String name : to.names()) {
                if (!skip.contains(name) && from.contains(name)) {
                    to.remove(name);
                }
            }
        }
        for (Map.Entry<String, String> header : from) {
            if (!skip.contains(header.getKey())) {
                to.add(header.getKey(), header.getValue());
            }
        }
    }

    /** The fixed set, unless the {@code Connection} header names more (rare: then a copy per exchange). */
    private static Set<String> skipped(HttpHeaders headers, Set<String> fixed) {
        if (!headers.contains(HttpHeaderNames.CONNECTION)) {
            return fixed;
        }
        Set<String> skip = caseInsensitive(fixed);
        for (String connection : headers.getAll(HttpHeaderNames.CONNECTION)) {
            for (String token : connection.split(",")) {
                skip.add(token.trim());
            }
        }
        return skip;
    }

    /** Header names compare without regard to case (RFC 9110 §5.1), and without lower-cased copies. */
    private static Set<String> caseInsensitive(Set<String> names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(names);
        return set;
    }

    private static Set<String> union(Set<String> base, String... more) {
        Set<String> all = caseInsensitive(base);
        all.addAll(List.of(more));
        return Collections.unmodifiableSet(all);
    }

    /** RFC 7239 §6: an IPv6 address is quoted and bracketed. */
    private static String forwardedNode(String address) {
        return address.indexOf(':') >= 0 ? "\"[" + address + "]\"" : address;
    }
}
