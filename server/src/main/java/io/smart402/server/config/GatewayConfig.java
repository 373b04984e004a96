package io.smart402.server.config;

import io.smart402.core.balance.OutlierDetection;
import io.smart402.core.balance.Strategies;
import java.time.Duration;
import java.util.List;

/**
 * The {@code gateway} section: the reverse proxy the {@code gateway} command runs in front of several
 * {@code serve} instances, and the settings of its load balancer.
 *
 * @param host             bind address
 * @param port             HTTP port ({@code --port} of the gateway command)
 * @param backends         {@code host:port} of each backend at start-up ({@code --backends}); more can be added
 *                         at runtime through {@code POST /gateway/backends}
 * @param strategy         one of {@link Strategies#NAMES}
 * @param sticky           batch streams ({@code POST /contracts/batch}) of one client (API key, else address)
 *                         go to one backend by consistent hashing with bounded loads
 * @param connectTimeout   longest wait for a TCP connection to a backend
 * @param responseTimeout  longest silence from a backend while waiting for or reading its response
 * @param maxConnections   pooled keep-alive connections per backend
 * @param pendingAcquires  requests waiting for a pooled connection per backend before they fail
 * @param maxIdleTime      a pooled connection idle this long is closed (below the backends' idle timeout)
 * @param idleTimeout      client connections idle this long are closed
 * @param maxHeaderBytes   request line + headers from clients
 * @param drainTimeout     {@code DELETE /gateway/backends/{id}} waits this long for calls in flight
 * @param slowStart        a (re)joining backend's weight ramps up over this window (0 = off)
 * @param retry            the retry budget
 * @param health           active health checks
 * @param outlier          passive outlier ejection
 * @param autoscale        the local-instance actuator: {@code serve} processes started and drained by the
 *                         {@code autoscaler} section's decisions ({@code gateway --autoscale})
 */
public record GatewayConfig(String host, int port, List<String> backends, String strategy, boolean sticky,
                            Duration connectTimeout, Duration responseTimeout, int maxConnections,
                            int pendingAcquires, Duration maxIdleTime, Duration idleTimeout, int maxHeaderBytes,
                            Duration drainTimeout, Duration slowStart, Retry retry, Health health,
                            Outlier outlier, Autoscale autoscale) {

    public GatewayConfig {
        Check.text("host", host);
        Check.range("port", port, 0, 65535);
        backends = List.copyOf(Check.required("backends", backends));
        Check.oneOf("strategy", strategy, Strategies.NAMES);
        Check.positive("connect-timeout", connectTimeout);
        Check.positive("response-timeout", responseTimeout);
        Check.range("max-connections", maxConnections, 1, 100_000);
        Check.range("pending-acquires", pendingAcquires, 1, 1_000_000);
        Check.positive("max-idle-time", maxIdleTime);
        Check.positive("idle-timeout", idleTimeout);
        Check.range("max-header-bytes", maxHeaderBytes, 1024, 1 << 20);
        Check.positive("drain-timeout", drainTimeout);
        Check.required("slow-start", slowStart);
        Check.required("retry", retry);
        Check.required("health", health);
        Check.required("outlier", outlier);
        Check.required("autoscale", autoscale);
    }

    /**
     * Retries may add at most {@code budgetPercent}% to the requests sent, plus {@code minRetries} to start with
     * (a token bucket that each request fills by budgetPercent/100 and each retry empties by one, as Finagle's
     * and Envoy's retry budgets), so retries cannot amplify an outage.
     *
     * @param maxAttempts attempts of one request in all, the first included
     */
    public record Retry(int budgetPercent, int minRetries, int maxAttempts) {
        public Retry {
            Check.range("budget-percent", budgetPercent, 0, 100);
            Check.range("min-retries", minRetries, 0, 1_000_000);
            Check.range("max-attempts", maxAttempts, 1, 10);
        }
    }

    /** {@code GET path} of every backend every {@code interval} (HAProxy's {@code check inter rise fall}). */
    public record Health(boolean enabled, String path, Duration interval, Duration timeout, int rise, int fall) {
        public Health {
            Check.text("path", path);
            if (!path.startsWith("/")) {
                throw Invalid.of("path", "must start with '/', was '" + path + "'");
            }
            Check.positive("interval", interval);
            Check.positive("timeout", timeout);
            if (timeout.compareTo(interval) > 0) {
                throw Invalid.of("timeout", "must not exceed 'interval' (" + interval + "), was " + timeout);
            }
            Check.range("rise", rise, 1, 100);
            Check.range("fall", fall, 1, 100);
        }
    }

    /**
     * Passive outlier ejection (Envoy's): see {@link OutlierDetection}; consecutive-failures 0 turns that rule off.
     *
     * @param connectFailureEjects a refused or timed-out connect ejects its backend at once (within
     *                             max-ejected-fraction), rather than after consecutive-failures of them
     */
    public record Outlier(int consecutiveFailures, double failureRate, int minimumRequests, Duration interval,
                          Duration baseEjectionTime, Duration maxEjectionTime, double maxEjectedFraction,
                          boolean connectFailureEjects) {
        public Outlier {
            Check.range("consecutive-failures", consecutiveFailures, 0, 1_000_000);
            Check.range("minimum-requests", minimumRequests, 1, 1_000_000);
            Check.positive("interval", interval);
            Check.positive("base-ejection-time", baseEjectionTime);
            Check.positive("max-ejection-time", maxEjectionTime);
            if (failureRate < 0 || failureRate > 1) {
                throw Invalid.of("failure-rate", "must be in [0, 1], was " + failureRate);
            }
            if (maxEjectedFraction < 0 || maxEjectedFraction > 1) {
                throw Invalid.of("max-ejected-fraction", "must be in [0, 1], was " + maxEjectedFraction);
            }
            Check.accepted(() -> new OutlierDetection(consecutiveFailures, failureRate, minimumRequests, interval,
                    baseEjectionTime, maxEjectionTime, maxEjectedFraction));
        }

        public OutlierDetection detection() {
            return new OutlierDetection(consecutiveFailures, failureRate, minimumRequests,
                    interval, baseEjectionTime, maxEjectionTime, maxEjectedFraction);
        }
    }

    /**
     * The gateway starting and stopping {@code serve} instances on one machine (issue 12 §3, local instances).
     * The {@code autoscaler} section decides (min/max, interval, windows, rate limits, extra policies); this one
     * says how an instance is run and what the gateway's own signal aims for.
     *
     * @param serveConfig       the config file every instance gets ({@code serve --config FILE}), e.g. the one
     *                          {@code fleet --write-config} wrote; required when enabled
     * @param java              the {@code java} executable (empty: the gateway's own)
     * @param classpath         the instances' class path (empty: the gateway's own, i.e. the same jar)
     * @param heap              {@code -Xmx} of an instance
     * @param logDir            where each instance writes {@code serve-<port>.log}
     * @param readyTimeout      an instance not ready this long after its start is killed (and retried later)
     * @param stopTimeout       after SIGTERM, how long its own graceful drain may take before SIGKILL
     * @param targetOutstanding the gateway's requests in flight per instance, averaged over the interval, that
     *                          target tracking aims for
     * @param sampleInterval    how often requests in flight are sampled for that average
     * @param targetRate        proxied requests per second per instance that target tracking aims for (0: off)
     */
    public record Autoscale(boolean enabled, String serveConfig, String java, String classpath, String heap,
                            String logDir, Duration readyTimeout, Duration stopTimeout, double targetOutstanding,
                            Duration sampleInterval, double targetRate) {
        public Autoscale {
            serveConfig = serveConfig == null ? "" : serveConfig;
            java = java == null ? "" : java;
            classpath = classpath == null ? "" : classpath;
            Check.text("heap", heap);
            if (!heap.matches("[0-9]+[kKmMgG]?")) {
                throw Invalid.of("heap", "must be a -Xmx size such as 512m, was '" + heap + "'");
            }
            Check.text("log-dir", logDir);
            Check.positive("ready-timeout", readyTimeout);
            Check.positive("stop-timeout", stopTimeout);
            if (!(targetOutstanding > 0) || Double.isInfinite(targetOutstanding)) {
                throw Invalid.of("target-outstanding", "must be a positive number, was " + targetOutstanding);
            }
            Check.positive("sample-interval", sampleInterval);
            if (!(targetRate >= 0) || Double.isInfinite(targetRate)) {
                throw Invalid.of("target-rate", "must be 0 (off) or a positive number, was " + targetRate);
            }
            if (enabled && serveConfig.isBlank()) {
                throw Invalid.of("serve-config", "is required when gateway.autoscale.enabled is true (the config "
                        + "file the started serve instances get, e.g. the one 'fleet --write-config' wrote)");
            }
        }
    }
}
