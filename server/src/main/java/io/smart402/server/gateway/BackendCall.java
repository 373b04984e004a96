package io.smart402.server.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.MonoSink;

/**
 * One request and its answer on a {@link BackendConnection}, on the connection's event loop. A small answer of
 * declared length is gathered (at most {@link Proxy#SINGLE_WRITE_MAX_BYTES}) and emitted whole; any other is
 * emitted at its head with a body that reads from the backend only while the client side requests more (the
 * connection stops reading otherwise), so a slow client holds the backend back instead of filling memory. The
 * response timeout is the longest silence of the backend while an answer is awaited, not while the client is
 * slow to take it.
 */
final class BackendCall {

    private final HttpRequest request;
    private final boolean mayGather;
    private final long timeoutNanos;
    private final MonoSink<BackendAnswer> answer;
    private final EventLoop loop;

    private BackendConnection connection;
    private HttpResponse head;
    private boolean interim;
    private boolean gathering;
    private ByteBuf gathered;
    private Flux<ByteBuf> streamed;
    private FluxSink<ByteBuf> body;
    private ArrayDeque<ByteBuf> early;
    private boolean ended;
    private boolean done;
    private Throwable failure;
    private long lastRead;
    private ScheduledFuture<?> timer;

    /** @param mayGather whether a small answer of declared length may be gathered (not for HEAD: no body comes) */
    BackendCall(EventLoop loop, HttpRequest request, boolean mayGather, long timeoutNanos,
                MonoSink<BackendAnswer> answer) {
        this.loop = loop;
        this.request = request;
        this.mayGather = mayGather;
        this.timeoutNanos = timeoutNanos;
        this.answer = answer;
        answer.onCancel(this::cancel);
    }

    void begin(BackendConnection c) {
        connection = c;
        if (done) {
            // Cancelled while the connection was being opened: it carried nothing, keep it.
            c.finished(true);
            return;
        }
        lastRead = System.nanoTime();
        timer = c.channel().eventLoop().schedule(this::checkTimeout, timeoutNanos, TimeUnit.NANOSECONDS);
        c.channel().writeAndFlush(request).addListener(f -> {
            if (!f.isSuccess()) {
                fail(f.cause());
            }
        });
    }

    void onRead(Object msg) {
        lastRead = System.nanoTime();
        if (done) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpResponse response) {
            onHead(response);
        }
        if (msg instanceof HttpContent content) {
            onContent(content);
        }
    }

    private void onHead(HttpResponse response) {
        if (response.decoderResult().isFailure()) {
            fail(new IOException("malformed answer from the backend", response.decoderResult().cause()));
            return;
        }
        if (response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
            interim = true; // 100 Continue and the like: the real answer follows
            return;
        }
        head = response;
        long length = Proxy.declaredLength(response.headers());
        if (mayGather && length > 0 && length <= Proxy.SINGLE_WRITE_MAX_BYTES) {
            gathering = true;
            return;
        }
        // Pieces still queued in the sink when the client cancels are released here (a piece is never released
        // twice: one already released by another hook has a count of 0).
        streamed = Flux.create(this::subscribed, FluxSink.OverflowStrategy.BUFFER)
                .doOnDiscard(ByteBuf.class, b -> {
                    if (b.refCnt() > 0) {
                        b.release();
                    }
                });
        early = new ArrayDeque<>(2);
        connection.channel().config().setAutoRead(false);
        answer.success(new BackendAnswer(head, null, streamed, this::unread));
    }

    private void onContent(HttpContent content) {
        if (done) {
            content.release();
            return;
        }
        boolean last = content instanceof LastHttpContent;
        if (content.decoderResult().isFailure() || head == null && !interim) {
            content.release();
            fail(new IOException("malformed answer from the backend", content.decoderResult().cause()));
            return;
        }
        if (interim) {
            content.release();
            interim = !last;
            return;
        }
        ByteBuf bytes = content.content();
        if (gathering) {
            if (bytes.isReadable()) {
                gather(bytes.retain());
            }
            content.release();
            if (last) {
                ByteBuf whole = gathered == null ? Unpooled.EMPTY_BUFFER : gathered;
                gathered = null;
                end();
                answer.success(new BackendAnswer(head, whole, null, null));
            }
            return;
        }
        if (bytes.isReadable()) {
            emit(bytes);
        } else {
            content.release();
        }
        if (last) {
            ended = true;
            end();
            if (body != null) {
                body.complete();
            }
        }
    }

    /** Most small answers come in one piece, kept as it is; a composite only joins several. */
    private void gather(ByteBuf piece) {
        if (gathered == null) {
            gathered = piece;
        } else if (gathered instanceof CompositeByteBuf composite) {
            composite.addComponent(true, piece);
        } else {
            gathered = connection.channel().alloc().compositeBuffer().addComponents(true, gathered, piece);
        }
    }

    private void emit(ByteBuf bytes) {
        if (body == null) {
            early.add(bytes);
            return;
        }
        body.next(bytes);
        if (body.requestedFromDownstream() == 0 && !ended) {
            connection.channel().config().setAutoRead(false);
        }
    }

    /** The client side subscribed to the streamed body: hand over what came before, then read on demand. */
    private void subscribed(FluxSink<ByteBuf> sink) {
        if (body != null) {
            sink.error(new IllegalStateException("the backend's answer is read once"));
            return;
        }
        body = sink;
        sink.onCancel(this::cancel);
        ByteBuf b;
        while ((b = early.poll()) != null) {
            sink.next(b);
        }
        if (failure != null) {
            sink.error(failure);
        } else if (ended) {
            sink.complete();
        } else {
            sink.onRequest(n -> {
                if (!done) {
                    connection.channel().config().setAutoRead(true);
                }
            });
        }
    }

    /** Nobody will subscribe to the streamed body: release what was read ahead, and stop if still reading. */
    private void unread() {
        if (!loop.inEventLoop()) {
            loop.execute(this::unread);
            return;
        }
        if (body != null) {
            return;
        }
        if (!done) {
            abandon();
        } else if (early != null) {
            early.forEach(ReferenceCountUtil::safeRelease);
            early.clear();
        }
    }

    /** The backend's last byte arrived: the connection goes back to its stack when both sides keep it alive. */
    private void end() {
        done = true;
        cancelTimer();
        connection.finished(HttpUtil.isKeepAlive(head) && HttpUtil.isKeepAlive(request));
    }

    void fail(Throwable e) {
        if (done) {
            return;
        }
        abandon();
        if (head == null || gathering || streamed == null) {
            answer.error(e);
        } else if (body != null) {
            body.error(e);
        } else {
            failure = e;
        }
    }

    /** The client side no longer wants the answer (it went away, or gave up): the connection cannot be reused. */
    void cancel() {
        // Always on the call's loop, also while its connection is still opening: the state is not shared.
        if (!loop.inEventLoop()) {
            loop.execute(this::cancel);
            return;
        }
        if (!done) {
            abandon();
        }
    }

    private void abandon() {
        done = true;
        cancelTimer();
        if (gathered != null) {
            gathered.release();
            gathered = null;
        }
        if (early != null) {
            early.forEach(ReferenceCountUtil::safeRelease);
            early.clear();
        }
        if (connection != null) {
            connection.finished(false);
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void checkTimeout() {
        timer = null;
        if (done) {
            return;
        }
        long now = System.nanoTime();
        boolean awaited = head == null || gathering || body != null && body.requestedFromDownstream() > 0;
        if (!awaited && body != null) {
            // The client is slow to take the answer: not the backend's silence.
            lastRead = now;
        }
        long silent = now - lastRead;
        if (silent >= timeoutNanos) {
            // Also an answer whose body nobody subscribed to for that long (the client went away before it).
            fail(ReadTimeoutException.INSTANCE);
            return;
        }
        timer = connection.channel().eventLoop().schedule(this::checkTimeout, timeoutNanos - silent,
                TimeUnit.NANOSECONDS);
    }
}
