package io.smart402.server.scale;

import io.smart402.core.scale.ScaleActuator;
import io.smart402.server.gateway.GatewayBackends;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The local-instance actuator: {@code serve} processes on this machine behind the gateway. Scaling up starts
 * processes, waits for each one's {@code /ready} and only then adds it to the balancer. Scaling down takes the
 * newest serving instance out of rotation first, waits until its requests in flight have ended (the gateway's
 * drain), removes it, and only then sends SIGTERM, so the instance's own graceful drain runs on an instance
 * that has nothing left to do: no request fails because an instance went away.
 *
 * <p>{@link #scaleTo} returns once the change is under way; process work (start, readiness wait, stop) runs
 * on {@code blocking}, a bounded elastic scheduler, never on an event loop. The count includes instances still
 * starting (HPA counts pods that are not ready yet), so a scale-up in progress is not repeated, and excludes those
 * draining. Backends of the static configuration count too and are never stopped.
 */
public final class LocalInstances implements ScaleActuator, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalInstances.class);

    private final ServeLauncher launcher;
    private final GatewayBackends backends;
    private final Scheduler blocking;
    private final int fixed;
    private final Disposable.Composite tasks = Disposables.composite();
    /** Serving instances, oldest first (scale-down retires the newest). */
    private final Deque<ServeLauncher.Instance> serving = new ArrayDeque<>();
    /** Every process started and not yet stopped, to stop them all on close. */
    private final Set<ServeLauncher.Instance> alive = new LinkedHashSet<>();
    private int starting;
    private int draining;
    private long started;
    private long stopped;
    private boolean closed;

    /**
     * @param fixed backends of the static configuration ({@code gateway.backends}): counted, never stopped
     */
    public LocalInstances(ServeLauncher launcher, GatewayBackends backends, Scheduler blocking, int fixed) {
        this.launcher = launcher;
        this.backends = backends;
        this.blocking = blocking;
        this.fixed = fixed;
    }

    @Override
    public synchronized int current() {
        return fixed + starting + serving.size();
    }

    /** Instances serving (in the balancer), static ones included. */
    public synchronized int serving() {
        return fixed + serving.size();
    }

    /** Instances started and stopped so far (by this actuator). */
    public synchronized long[] startedAndStopped() {
        return new long[] {started, stopped};
    }

    @Override
    public Mono<Void> scaleTo(int desired) {
        return Mono.fromRunnable(() -> change(desired));
    }

    /**
     * Starts instances until {@code count} are counted and waits until they serve; blocking, for the gateway's
     * start-up on its main thread. Throws when one fails to start (a wrong serve config should stop the gateway
     * from starting, not surface later as a scaler that keeps retrying).
     */
    public void startBlocking(int count) {
        List<Mono<Void>> starts = new ArrayList<>();
        synchronized (this) {
            for (int i = current(); i < count; i++) {
                starting++;
                starts.add(launch());
            }
        }
        try {
            Mono.when(starts).block();
        } catch (RuntimeException e) {
            throw new IllegalStateException("autoscale: the first instances did not start: " + e.getMessage(), e);
        }
    }

    private synchronized void change(int desired) {
        if (closed) {
            return;
        }
        for (int i = current(); i < desired; i++) {
            starting++;
            track(launch().onErrorResume(e -> Mono.empty()));
        }
        // Only serving instances are retired: one still starting is left to finish; the next decision sees it.
        for (int i = current(); i > desired && !serving.isEmpty(); i--) {
            ServeLauncher.Instance victim = serving.pollLast();
            draining++;
            track(retire(victim));
        }
    }

    /** Runs {@code work}, cancelled by {@link #close} while it runs; forgotten once done (the set stays small). */
    private void track(Mono<Void> work) {
        Disposable.Swap slot = Disposables.swap();
        tasks.add(slot);
        slot.update(work.doFinally(s -> tasks.remove(slot)).subscribe());
    }

    private Mono<Void> launch() {
        return Mono.fromCallable(() -> {
                    ServeLauncher.Instance instance = launcher.spawn();
                    synchronized (this) {
                        if (closed) {
                            // close() has already taken its list of processes to stop.
                            instance.process().destroyForcibly();
                            throw new IllegalStateException("the gateway is stopping");
                        }
                        alive.add(instance);
                        started++;
                    }
                    return launcher.awaitReady(instance);
                })
                .subscribeOn(blocking)
                .doOnNext(this::join)
                .doOnError(e -> {
                    synchronized (this) {
                        starting--;
                    }
                    LOG.warn("autoscale: an instance failed to start: {}", e.getMessage());
                })
                .then();
    }

    private void join(ServeLauncher.Instance instance) {
        synchronized (this) {
            starting--;
            if (closed) {
                return;
            }
            backends.add(instance.address(), 1);
            serving.addLast(instance);
        }
        LOG.info("autoscale: instance {} (pid {}) serves; {} instances (log {})", instance.address(),
                instance.process().pid(), current(), instance.log());
    }

    private Mono<Void> retire(ServeLauncher.Instance instance) {
        LOG.info("autoscale: draining instance {} (pid {})", instance.address(), instance.process().pid());
        return backends.remove(instance.address())
                .then(Mono.fromCallable(() -> launcher.stop(instance)).subscribeOn(blocking))
                .doOnNext(exited -> {
                    synchronized (this) {
                        draining--;
                        alive.remove(instance);
                        stopped++;
                    }
                    LOG.info("autoscale: instance {} stopped{}; {} instances", instance.address(),
                            exited ? "" : " (did not exit: killed)", current());
                })
                .then();
    }

    /** The processes started and not yet stopped. */
    public synchronized List<ProcessHandle> processes() {
        return alive.stream().map(i -> i.process().toHandle()).toList();
    }

    /** Instances draining now. */
    public synchronized int draining() {
        return draining;
    }

    /**
     * Stops every instance this actuator started (SIGTERM to all, then each waited for): call after the gateway
     * stopped taking requests. Blocks.
     */
    @Override
    public void close() {
        List<ServeLauncher.Instance> toStop;
        synchronized (this) {
            closed = true;
            toStop = new ArrayList<>(alive);
            alive.clear();
            serving.clear();
        }
        tasks.dispose();
        toStop.forEach(i -> i.process().destroy());
        for (ServeLauncher.Instance instance : toStop) {
            launcher.stop(instance);
        }
    }
}
