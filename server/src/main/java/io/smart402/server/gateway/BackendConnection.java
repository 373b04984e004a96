package io.smart402.server.gateway;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.ArrayDeque;

/**
 * One keep-alive connection to a backend on the fast path ({@link BackendChannels}): hands what the backend sends
 * to the call in progress, and goes back to its idle stack when the call ends with the connection reusable.
 * Runs on the channel's event loop only.
 */
final class BackendConnection extends ChannelInboundHandlerAdapter {

    /** The idle connections of one event loop to one backend, and how many are open; that loop's only. */
    static final class Idle {
        private final ArrayDeque<BackendConnection> connections = new ArrayDeque<>();
        int open;

        /** The most recently used live connection (LIFO keeps few hot), closing stale ones on the way; or null. */
        BackendConnection take(long now, long maxIdleNanos) {
            BackendConnection c;
            while ((c = connections.pollLast()) != null) {
                if (c.channel.isActive() && now - c.idleSince <= maxIdleNanos) {
                    return c;
                }
                c.channel.close();
            }
            return null;
        }

        void closeAll() {
            BackendConnection c;
            while ((c = connections.pollLast()) != null) {
                c.channel.close();
            }
        }
    }

    private final Idle stack;
    private Channel channel;
    private long idleSince;
    private BackendCall current;

    BackendConnection(Idle stack) {
        this.stack = stack;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    Channel channel() {
        return channel;
    }

    void start(BackendCall call) {
        current = call;
        call.begin(this);
    }

    /** The call is over and the connection carries nothing more of it: reuse it if it may be, else close it. */
    void finished(boolean reusable) {
        current = null;
        if (reusable && channel.isActive()) {
            idleSince = System.nanoTime();
            channel.config().setAutoRead(true);
            stack.connections.addLast(this);
        } else {
            channel.close();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        BackendCall call = current;
        if (call == null) {
            // Nothing was asked: a backend talking out of turn cannot be trusted with the next call.
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        call.onRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stack.open--;
        stack.connections.remove(this);
        BackendCall call = current;
        current = null;
        if (call != null) {
            call.fail(new IOException("backend closed the connection before the answer ended"));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        BackendCall call = current;
        current = null;
        ctx.close();
        if (call != null) {
            call.fail(cause);
        }
    }
}
