package io.smart402.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.TooLongFrameException;
import io.r2dbc.spi.R2dbcException;
import io.smart402.core.contract.Issue;
import io.smart402.core.contract.ReadResult;
import io.smart402.core.error.FailureKind;
import io.smart402.core.error.RetryAfter;
import io.smart402.core.error.Smart402Exception;
import io.smart402.core.pipeline.ProcessingResult;
import io.smart402.server.service.Refusal;
import io.smart402.shard.StoreFailures;
import java.util.List;
import java.util.Map;

/**
 * The one place that knows HTTP status codes and problem types: maps domain refusals and exceptions to problem
 * details. Domain exceptions ({@link Smart402Exception}) say their kind, reason and facts; {@link #status} is the
 * table from kind to status, {@link #title} from reason to title. Internal failures say nothing internal.
 */
public final class Problems {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Map<String, String> TITLES = Map.of(
            "malformed-json", "Malformed JSON",
            "rate-limited", "Too many requests",
            "circuit-open", "Service unavailable",
            "rate-limiter-unavailable", "Service unavailable",
            "overloaded", "Service overloaded");

    private Problems() {
    }

    /** The status of each kind of failure. Bad input never gets a 5xx. */
    static int status(FailureKind kind) {
        return switch (kind) {
            case INVALID_INPUT -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case CONFLICT -> 409;
            case TOO_LARGE -> 413;
            case UNPROCESSABLE -> 422;
            case RATE_LIMITED -> 429;
            case OVERLOADED, UNAVAILABLE -> 503;
            case UPSTREAM_FAILED -> 502;
            case UPSTREAM_TIMEOUT -> 504;
            case INTERNAL -> 500;
        };
    }

    /**
     * The problem title of a failure reason: its words, capitalized ({@code shard-unavailable} → "Shard
     * unavailable"), except where the original's texts (spec §3) say otherwise.
     */
    static String title(String reason) {
        String title = TITLES.get(reason);
        if (title != null) {
            return title;
        }
        String words = reason.replace('-', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /** Why a contract was not stored, as a problem. */
    public static Problem of(Refusal refusal) {
        if (refusal instanceof Refusal.Invalid invalid) {
            return invalid(invalid.rejected());
        }
        if (refusal instanceof Refusal.PhaseFailed phase) {
            return phaseFailed(phase.failed());
        }
        return from(((Refusal.Failed) refusal).cause());
    }

    /** Maps any exception to a problem; unknown exceptions are 500 and say nothing internal. */
    public static Problem from(Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof ProblemException p) {
            return p.problem();
        }
        if (e instanceof Smart402Exception s && s.wrapsCause() && s.getCause() != null) {
            return withDetails(from(s.getCause()), s.details());
        }
        if (e instanceof Smart402Exception s && s.kind() != FailureKind.INTERNAL) {
            Problem problem = withDetails(Problem.of(s.reason(), title(s.reason()), status(s.kind()), s.getMessage()),
                    s.details());
            return e instanceof RetryAfter r ? problem.retryAfter(r.retryAfterSeconds()) : problem;
        }
        if (e instanceof TooLongFrameException) {
            return Problem.of("request-too-large", "Request header too large", 431, e.getMessage());
        }
        if (storeUnavailable(e)) {
            return Problem.of("store-unavailable", "Store unavailable", 503,
                    "the contract store did not accept the write: " + e.getClass().getSimpleName()).retryAfter(2);
        }
        return Problem.of("internal", "Internal error", 500, "unexpected " + e.getClass().getSimpleName());
    }

    /**
     * What the store's one classifier calls unavailable (a node gone or slow, a transient SQLSTATE); any other
     * database error too, because the client's write was not taken and trying again is all it can do.
     */
    private static boolean storeUnavailable(Throwable e) {
        return StoreFailures.INSTANCE.isUnavailable(e) || e instanceof R2dbcException;
    }

    /** Spec §3: an invalid contract, with every error and warning. */
    public static Problem invalid(ReadResult.Rejected rejected) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        return Problem.of("invalid-contract", "Invalid contract", status(FailureKind.INVALID_INPUT),
                        rejected.errors().size() + " validation error(s): " + rejected.errors().get(0).message())
                .with("id", rejected.id() == null ? node.nullNode() : node.textNode(rejected.id()))
                .with("errors", issues(rejected.errors()))
                .with("warnings", issues(rejected.warnings()));
    }

    /**
     * A phase failure. A contract that passed validation but has no payment route is still the client's
     * input, so it is a 422 rather than the spec's 500 (bad input never gets a 5xx); internal errors stay 500.
     */
    public static Problem phaseFailed(ProcessingResult.Failed failed) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        FailureKind kind = "INTERNAL".equals(failed.code()) ? FailureKind.INTERNAL : FailureKind.UNPROCESSABLE;
        return Problem.of("phase-failed", "Phase failed", status(kind), failed.message())
                .with("id", node.textNode(failed.contract().id()))
                .with("phase", node.textNode(failed.phase()))
                .with("code", node.textNode(failed.code()))
                .with("stateTrace", failed.stateTrace());
    }

    public static Problem notFound(String what) {
        return Problem.of("not-found", "Not found", 404, what);
    }

    public static Problem methodNotAllowed(String method, String path) {
        return Problem.of("method-not-allowed", "Method not allowed", 405, method + " is not allowed on " + path);
    }

    public static Problem unsupportedMediaType(String given, String accepted) {
        return Problem.of("unsupported-media-type", "Unsupported media type", 415,
                "content type '" + given + "' is not accepted here; use " + accepted);
    }

    public static Problem notAcceptable(String given, String offered) {
        return Problem.of("not-acceptable", "Not acceptable", 406,
                "cannot produce '" + given + "'; this endpoint offers " + offered);
    }

    public static Problem tooLarge(String what, long limit) {
        return Problem.of("payload-too-large", "Payload too large", status(FailureKind.TOO_LARGE),
                what + " exceeds the limit of " + limit + " bytes");
    }

    public static Problem tooManyItems(int limit) {
        return Problem.of("too-many-items", "Too many items", status(FailureKind.TOO_LARGE),
                "batch exceeds the limit of " + limit + " items");
    }

    /** A listing with every shard unreadable: nothing to answer with, but the client may try again soon. */
    public static Problem noShardReadable(List<String> shards) {
        ArrayNode names = JsonNodeFactory.instance.arrayNode();
        shards.forEach(names::add);
        return Problem.of("store-unavailable", "Store unavailable", status(FailureKind.UNAVAILABLE),
                "no shard could be read: " + String.join(", ", shards)).with("unavailableShards", names).retryAfter(2);
    }

    /** A request that cannot be used as sent (bad body, bad header); {@code slug} names what is wrong. */
    public static Problem badRequest(String slug, String title, String detail) {
        return Problem.of(slug, title, status(FailureKind.INVALID_INPUT), detail);
    }

    /** A query parameter that cannot be used; {@code parameter} names it. */
    public static Problem invalidParameter(String parameter, String detail) {
        return badRequest("invalid-parameter", "Invalid parameter", detail)
                .with("parameter", JsonNodeFactory.instance.textNode(parameter));
    }

    static Throwable unwrap(Throwable e) {
        Throwable current = e;
        while ((current instanceof RuntimeException && current.getClass() == RuntimeException.class
                || current instanceof java.util.concurrent.CompletionException) && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static Problem withDetails(Problem problem, Map<String, Object> details) {
        Problem result = problem;
        for (Map.Entry<String, Object> detail : details.entrySet()) {
            result = result.with(detail.getKey(), JSON.valueToTree(detail.getValue()));
        }
        return result;
    }

    private static ArrayNode issues(List<Issue> issues) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (Issue issue : issues) {
            array.addObject().put("code", issue.code()).put("path", issue.path()).put("message", issue.message());
        }
        return array;
    }
}
