package io.smart402.server.gateway;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Caps retries at a share of requests, so that when backends fail retries cannot multiply the load on the ones
 * left (Finagle's {@code RetryBudget}, Envoy's {@code retry_budget}). A token bucket counted in requests rather
 * than time: each request deposits {@code percent}/100 of a token, each retry withdraws one, and the bucket
 * starts with {@code minRetries} tokens. Over any run retries ≤ minRetries + percent % × requests. The bucket
 * holds at most what the last {@value #BANKED_REQUESTS} requests deposited plus {@code minRetries}, so a
 * backend dying under load (a burst of failed connects at once) still gets its retries, while a long healthy run
 * cannot bank an unbounded burst. Lock-free; counted in thousandths of a token.
 */
public final class RetryBudget {

    private static final long UNIT = 1000;

    /** Requests whose deposits the bucket can hold (Finagle keeps deposits for 10 s; this is the count analogue). */
    static final int BANKED_REQUESTS = 1000;

    private final long deposit;
    private final long cap;
    private final AtomicLong balance;

    /**
     * @param percent    retries allowed per 100 requests, in [0, 100]
     * @param minRetries retries allowed before any request deposited (and the slack above the ratio)
     */
    public RetryBudget(int percent, int minRetries) {
        if (percent < 0 || percent > 100 || minRetries < 0) {
            throw new IllegalArgumentException("retry budget needs percent in [0, 100] and minRetries >= 0, were "
                    + percent + " and " + minRetries);
        }
        this.deposit = percent * UNIT / 100;
        this.cap = minRetries * UNIT + BANKED_REQUESTS * deposit;
        this.balance = new AtomicLong(minRetries * UNIT);
    }

    /** A request was sent (the first attempt; retries deposit nothing). */
    public void requested() {
        balance.getAndUpdate(b -> Math.min(cap, b + deposit));
    }

    /** Takes one retry from the budget; false when it is spent. */
    public boolean tryRetry() {
        while (true) {
            long b = balance.get();
            if (b < UNIT) {
                return false;
            }
            if (balance.compareAndSet(b, b - UNIT)) {
                return true;
            }
        }
    }

    /** Whole retries available now. */
    public long available() {
        return balance.get() / UNIT;
    }
}
