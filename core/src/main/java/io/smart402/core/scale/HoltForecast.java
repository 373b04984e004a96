package io.smart402.core.scale;

/**
 * Holt's linear (double exponential) smoothing over evenly spaced samples: a level and a trend, each an
 * exponentially weighted average, so a steady ramp is forecast as a line while noise is damped. Written here
 * because it is a dozen lines and the usual libraries that have it (forecasting toolkits) would bring far
 * more than they give. Not thread-safe: one scaler's evaluations are serialized.
 */
final class HoltForecast {

    private final double alpha;
    private final double beta;
    private double level;
    private double trend;
    private int samples;

    HoltForecast(double alpha, double beta) {
        this.alpha = alpha;
        this.beta = beta;
    }

    void add(double value) {
        if (samples == 0) {
            level = value;
            trend = 0;
        } else if (samples == 1) {
            trend = value - level;
            level = value;
        } else {
            double previous = level;
            level = alpha * value + (1 - alpha) * (level + trend);
            trend = beta * (level - previous) + (1 - beta) * trend;
        }
        samples++;
    }

    /** The value {@code steps} sample intervals after the last one. */
    double forecast(double steps) {
        return level + steps * trend;
    }

    int samples() {
        return samples;
    }
}
