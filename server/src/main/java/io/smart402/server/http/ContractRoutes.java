package io.smart402.server.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.smart402.core.contract.ContractFormatException;
import io.smart402.core.logging.RequestIds;
import io.smart402.core.pipeline.ContractPipeline;
import io.smart402.core.resilience.priority.Priority;
import io.smart402.server.admission.AdmissionControl;
import io.smart402.server.config.ServerConfig;
import io.smart402.server.drain.Drain;
import io.smart402.server.drain.DrainingException;
import io.smart402.server.logging.AccessRecord;
import io.smart402.server.service.ContractService;
import io.smart402.server.service.Outcome;
import io.smart402.server.service.Refusal;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/** {@code POST /contracts}, {@code POST /contracts/batch} and {@code GET /contracts/{id}}. */
public final class ContractRoutes {

    /** One batch item: its 1-based position (line number for NDJSON) and its content. */
    private record Item(long line, Mono<Outcome> outcome) {
    }

    private final ContractService service;
    private final AdmissionControl admission;
    private final ServerConfig.Http http;
    private final ContractPipeline.Order order;
    private final ObjectMapper arrayMapper;
    private final Drain drain;

    /**
     * @param admission identifies, rate-limits and prioritizes every request before its body is read
     * @param drain     tells batch streams when to hand back the items they have not started
     */
    public ContractRoutes(ContractService service, AdmissionControl admission, ServerConfig config, Drain drain) {
        this.service = service;
        this.admission = admission;
        this.drain = drain;
        this.http = config.server();
        this.order = config.pipeline().order();
        this.arrayMapper = new io.smart402.core.contract.ContractCodec(config.limits()).arrayMapper(http.maxBatchBytes());
    }

    public Publisher<Void> post(HttpServerRequest request, HttpServerResponse response) {
        String contentType = request.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE);
        String essence = MediaTypes.essence(contentType);
        if (!(essence.isEmpty() || MediaTypes.isJson(essence)) || !MediaTypes.utf8Charset(contentType)) {
            return Mono.error(new ProblemException(Problems.unsupportedMediaType(contentType,
                    "application/json (UTF-8)")));
        }
        return admission.admit(request, response)
                .flatMap(admitted -> BodyReader.read(request, http.maxBodyBytes(), "request body")
                        .flatMap(body -> service.submit(body, admitted.priority())))
                .flatMap(outcome -> {
                    if (outcome instanceof Outcome.Stored s) {
                        response.header(HttpHeaderNames.LOCATION, "/contracts/" + QueryStringDecoder.decodeComponent(s.id()));
                        return Mono.from(Responses.text(response, 201, Responses.JSON, s.document()));
                    }
                    return Mono.from(Responses.problem(request, response, Problems.of(((Outcome.Refused) outcome).reason())));
                });
    }

    public Publisher<Void> get(HttpServerRequest request, HttpServerResponse response) {
        String id = request.param("id");
        // Decide found / not found before writing: a sent response is an empty Publisher<Void> too, so a
        // switchIfEmpty after the send would answer a second time on the same connection.
        return admission.admit(request, response).then(service.find(id))
                .map(java.util.Optional::of)
                .defaultIfEmpty(java.util.Optional.empty())
                .flatMap(found -> found.isPresent()
                        ? Mono.from(Responses.text(response, 200, Responses.JSON, found.get()))
                        : Mono.from(Responses.problem(request, response,
                                Problems.notFound("no contract with id '" + id + "'"))));
    }

    /**
     * Streams one result per item while the body is still arriving. Items are read only as fast as results
     * are written out (at most {@code batch-concurrency} in flight), so a slow reader slows the upload.
     */
    public Publisher<Void> batch(HttpServerRequest request, HttpServerResponse response) {
        String contentType = request.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE);
        String essence = MediaTypes.essence(contentType);
        String responseType = MediaTypes.batchResponseType(request.requestHeaders().get(HttpHeaderNames.ACCEPT));
        if (responseType == null) {
            return Mono.error(new ProblemException(Problems.notAcceptable(
                    request.requestHeaders().get(HttpHeaderNames.ACCEPT), "text/event-stream, application/x-ndjson")));
        }
        if (!MediaTypes.utf8Charset(contentType)) {
            return Mono.error(new ProblemException(Problems.unsupportedMediaType(contentType, "UTF-8 bodies")));
        }
        if (!MediaTypes.isNdjson(essence) && !MediaTypes.isJson(essence)) {
            return Mono.error(new ProblemException(Problems.unsupportedMediaType(contentType,
                    "application/x-ndjson or application/json (an array)")));
        }
        return admission.admit(request, response)
                .flatMap(admitted -> Mono.from(batch(request, response, essence, responseType, admitted)));
    }

    private Publisher<Void> batch(HttpServerRequest request, HttpServerResponse response, String essence,
                                  String responseType, AdmissionControl.Admitted admitted) {
        Priority priority = admitted.priority();
        Flux<Item> items;
        if (MediaTypes.isNdjson(essence)) {
            items = NdjsonLines.split(request.receive().asByteArray(), http.maxBodyBytes())
                    .map(line -> new Item(line.number(), line.tooLong()
                            ? Mono.just(tooLong(line.number()))
                            : service.submit(line.bytes(), priority)));
        } else if (MediaTypes.isJson(essence)) {
            items = BodyReader.read(request, http.maxBatchBytes(), "batch body")
                    .flatMapMany(body -> Flux.defer(() -> arrayItems(body, priority))
                            // Parsing a large array is CPU work: off the event loop.
                            .subscribeOn(service.pipeline().scheduler()));
        } else {
            return Mono.error(new IllegalStateException("unreachable: content type checked by the caller"));
        }
        // A drain that runs out of time stops reading the body: items already started finish, items read but not
        // started get a draining problem each, and one last problem event hands back every line after the last
        // item read, so the client knows exactly what to send again (to another instance).
        AtomicBoolean bodyEnded = new AtomicBoolean();
        AtomicBoolean cut = new AtomicBoolean();
        AtomicLong lastRead = new AtomicLong();
        items = items.doOnComplete(() -> bodyEnded.set(true))
                .takeUntilOther(drain.handBack())
                .doOnComplete(() -> cut.set(!bodyEnded.get()))
                .doOnNext(item -> lastRead.set(item.line()))
                .map(item -> new Item(item.line(), Mono.defer(() -> drain.handingBack()
                        ? Mono.just(refused(new DrainingException("this instance is shutting down: line "
                                + item.line() + " was not processed; send it again")))
                        : item.outcome())));
        Mono<Item> handedBack = Mono.fromSupplier(() -> new Item(lastRead.get() + 1, Mono.just(refused(
                        new DrainingException("this instance is shutting down: lines from " + (lastRead.get() + 1)
                                + " on were not read; send them again", lastRead.get() + 1)))))
                .filter(item -> cut.get());
        boolean summary = "summary".equals(new QueryStringDecoder(request.uri()).parameters()
                .getOrDefault("view", List.of("")).get(0));
        boolean sse = responseType.equals(MediaTypes.SSE);
        int limit = http.maxBatchItems();
        String requestId = response.responseHeaders().get(RequestIds.HEADER);
        Flux<byte[]> events = items
                .take(limit + 1L)
                .index()
                .map(indexed -> indexed.getT1() < limit ? indexed.getT2()
                        : new Item(indexed.getT2().line(), Mono.just(refused(new ProblemException(Problems.tooManyItems(limit))))))
                .transform(admission.pace(admitted,
                        (item, limited) -> new Item(item.line(), Mono.just(refused(limited)))))
                // After every started item's event: the hand-back is the stream's last word.
                .transform(started -> encodeEach(sse, summary, requestId).apply(started)
                        .concatWith(encodeEach(sse, summary, requestId).apply(handedBack.flux())))
                // A stream has no Content-Length: the access log counts what was sent.
                .transformDeferredContextual((bytes, context) ->
                        bytes.doOnNext(event -> AccessRecord.streamed(context, event.length)));
        response.header(HttpHeaderNames.CONTENT_TYPE, sse ? MediaTypes.SSE + ";charset=utf-8" : MediaTypes.NDJSON)
                .header(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        return response.send(events.map(Unpooled::wrappedBuffer), b -> true);
    }

    private Function<Flux<Item>, Flux<byte[]>> encodeEach(boolean sse, boolean summary, String requestId) {
        Function<Item, Mono<byte[]>> encode = item -> item.outcome()
                .map(outcome -> sse ? BatchEvents.sse(item.line(), outcome, summary, requestId)
                        : BatchEvents.ndjson(item.line(), outcome, summary, requestId));
        int concurrency = http.batchConcurrency();
        return order == ContractPipeline.Order.INPUT
                ? items -> items.flatMapSequential(encode, concurrency, 1)
                : items -> items.flatMap(encode, concurrency, 1);
    }

    private static Outcome tooLong(long line) {
        return refused(new ContractFormatException("E_LIMIT", "line " + line + " exceeds limit max-bytes", null));
    }

    private static Outcome refused(Throwable cause) {
        return new Outcome.Refused(null, new Refusal.Failed(cause));
    }

    /** Splits a JSON array body into items without holding more than the parsed elements. */
    private Flux<Item> arrayItems(byte[] body, Priority priority) {
        List<Item> items = new ArrayList<>();
        try (JsonParser parser = arrayMapper.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                return Flux.error(new ProblemException(Problems.badRequest("malformed-json", "Malformed JSON",
                        "a JSON batch must be an array of contracts (or send application/x-ndjson)")));
            }
            long index = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                index++;
                JsonNode element = arrayMapper.readTree(parser);
                items.add(new Item(index, service.submit(element, priority)));
            }
            if (parser.nextToken() != null) {
                throw new ContractFormatException("E_JSON_MALFORMED", "trailing content after the array", null);
            }
        } catch (IOException | RuntimeException e) {
            Throwable cause = e instanceof IOException io ? new ContractFormatException(
                    io.getMessage() != null && io.getMessage().contains("UTF") ? "E_ENCODING" : "E_JSON_MALFORMED",
                    "malformed JSON array: " + firstLine(io.getMessage()), io) : e;
            return Flux.error(cause instanceof ContractFormatException ? cause : new ProblemException(Problems.from(cause)));
        }
        return Flux.fromIterable(items);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
