package io.smart402.server.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponse;
import reactor.core.publisher.Flux;

/**
 * A backend's answer on the fast path ({@link BackendChannels}): its head, and either the whole body, gathered
 * because it was small and of declared length (the caller owns {@code whole} and must send or release it), or the
 * body as it streams (read from the backend only as fast as it is requested); {@code unread} releases what was
 * read of a streamed body when nobody will subscribe to it (the client went away before the send began).
 */
record BackendAnswer(HttpResponse head, ByteBuf whole, Flux<ByteBuf> streamed, Runnable unread) {
}
