package io.smart402.core.testing;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Lets Netty 4.2's default adaptive allocator grow its magazines on an event loop. {@code
 * AdaptivePoolingAllocator$MagazineGroup.tryExpandMagazines} frees a retired magazine under that magazine's
 * {@code StampedLock}, which BlockHound sees as a park; the lock only guards the allocator's own bookkeeping, and
 * Netty's BlockHound integration does not list it yet (the same false positive armeria allows:
 * line/armeria#6344). Seen under a 10,000-line batch proxied through the gateway, where allocation rates are high.
 */
public final class NettyAllocatorBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup",
                "tryExpandMagazines");
    }
}
