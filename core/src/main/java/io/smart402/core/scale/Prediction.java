package io.smart402.core.scale;

import java.time.Duration;
import java.util.Objects;

/**
 * Predictive scaling for one policy: Holt's double exponential smoothing ({@link HoltForecast}) of the
 * metric's load, looked {@code leadTime} ahead, so capacity can be asked for before the load arrives (an
 * instance takes time to start). Its proposal can only raise the policy's proposal, never lower it.
 *
 * @param alpha      level smoothing in (0, 1]: higher follows the newest values more closely
 * @param beta       trend smoothing in (0, 1]: higher follows changes of slope more closely
 * @param leadTime   how far ahead to look (about an instance's start-up time)
 * @param minSamples readings needed before any forecast is trusted
 */
public record Prediction(double alpha, double beta, Duration leadTime, int minSamples) {

    public Prediction {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("prediction alpha must be in (0, 1], was " + alpha);
        }
        if (!(beta > 0 && beta <= 1)) {
            throw new IllegalArgumentException("prediction beta must be in (0, 1], was " + beta);
        }
        Objects.requireNonNull(leadTime, "leadTime");
        if (leadTime.isNegative()) {
            throw new IllegalArgumentException("prediction lead-time must not be negative, was " + leadTime);
        }
        if (minSamples < 2) {
            throw new IllegalArgumentException("prediction min-samples must be at least 2, was " + minSamples);
        }
    }
}
