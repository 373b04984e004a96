package io.smart402.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.TooLongFrameException;
import io.smart402.core.contract.ContractFormatException;
import io.smart402.core.contract.Issue;
import io.smart402.core.contract.ReadResult;
import io.smart402.core.pipeline.ProcessingResult;
import io.smart402.shard.store.StoreOverloadedException;
import io.r2dbc.spi.R2dbcException;
import java.util.List;
import java.util.concurrent.TimeoutException;

/** The one place that maps outcomes and exceptions to problem details and HTTP statuses. */
public final class Problems {

    private Problems() {
    }

    /** Spec §3: an invalid contract, with every error and warning. */
    public static Problem invalid(ReadResult.Rejected rejected) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        return Problem.of("invalid-contract", "Invalid contract", 400,
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
        int status = "INTERNAL".equals(failed.code()) ? 500 : 422;
        return Problem.of("phase-failed", "Phase failed", status, failed.message())
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
        return Problem.of("payload-too-large", "Payload too large", 413, what + " exceeds the limit of " + limit + " bytes");
    }

    public static Problem tooManyItems(int limit) {
        return Problem.of("too-many-items", "Too many items", 413, "batch exceeds the limit of " + limit + " items");
    }

    /** A query parameter that cannot be used; {@code parameter} names it. */
    public static Problem invalidParameter(String parameter, String detail) {
        return Problem.of("invalid-parameter", "Invalid parameter", 400, detail)
                .with("parameter", JsonNodeFactory.instance.textNode(parameter));
    }

    /** Maps any exception to a problem; unknown exceptions are 500 and say nothing internal. */
    public static Problem from(Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof ProblemException p) {
            return p.problem();
        }
        if (e instanceof ContractFormatException f) {
            if ("E_LIMIT".equals(f.code()) && f.getMessage().contains("max-bytes")) {
                return Problem.of("payload-too-large", "Payload too large", 413, f.getMessage())
                        .with("code", JsonNodeFactory.instance.textNode(f.code()));
            }
            String slug = switch (f.code()) {
                case "E_ENCODING" -> "invalid-encoding";
                case "E_LIMIT" -> "limit-exceeded";
                default -> "malformed-json";
            };
            String title = switch (f.code()) {
                case "E_ENCODING" -> "Invalid encoding";
                case "E_LIMIT" -> "Limit exceeded";
                default -> "Malformed JSON";
            };
            return Problem.of(slug, title, 400, f.getMessage())
                    .with("code", JsonNodeFactory.instance.textNode(f.code()));
        }
        if (e instanceof TooLongFrameException) {
            return Problem.of("request-too-large", "Request header too large", 431, e.getMessage());
        }
        if (e instanceof io.smart402.shard.repair.RepairInProgressException r) {
            return Problem.of("repair-in-progress", "Repair in progress", 409, r.getMessage());
        }
        Problem admission = AdmissionProblems.from(e);
        if (admission != null) {
            return admission;
        }
        if (e instanceof io.smart402.shard.store.ShardUnavailableException u) {
            return Problem.of("shard-unavailable", "Shard unavailable", 503, u.getMessage())
                    .with("shard", JsonNodeFactory.instance.textNode(u.shard())).retryAfter(2);
        }
        if (e instanceof StoreOverloadedException o) {
            return Problem.of("overloaded", "Service overloaded", 503, o.getMessage()).retryAfter(1);
        }
        if (e instanceof R2dbcException || e instanceof TimeoutException
                || e instanceof io.r2dbc.pool.ConnectionPoolException
                || e instanceof reactor.pool.PoolAcquireTimeoutException || e instanceof java.io.IOException) {
            return Problem.of("store-unavailable", "Store unavailable", 503,
                    "the contract store did not accept the write: " + e.getClass().getSimpleName()).retryAfter(2);
        }
        return Problem.of("internal", "Internal error", 500, "unexpected " + e.getClass().getSimpleName());
    }

    static Throwable unwrap(Throwable e) {
        Throwable current = e;
        while ((current instanceof RuntimeException && current.getClass() == RuntimeException.class
                || current instanceof java.util.concurrent.CompletionException) && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static ArrayNode issues(List<Issue> issues) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (Issue issue : issues) {
            array.addObject().put("code", issue.code()).put("path", issue.path()).put("message", issue.message());
        }
        return array;
    }
}
