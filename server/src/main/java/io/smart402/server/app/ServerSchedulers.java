package io.smart402.server.app;

import java.util.Objects;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The schedulers a server runs its work on, injected so tests can give it their own.
 *
 * @param cpu the bounded scheduler for CPU work (decoding, validation, the phases, serialization); never an
 *            event loop, whose threads do I/O only
 */
public record ServerSchedulers(Scheduler cpu) {

    public ServerSchedulers {
        Objects.requireNonNull(cpu, "cpu");
    }

    /** Reactor's shared parallel scheduler: one worker per core, which is what CPU-bound work wants. */
    public static ServerSchedulers standard() {
        return new ServerSchedulers(Schedulers.parallel());
    }
}
