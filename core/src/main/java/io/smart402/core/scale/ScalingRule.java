package io.smart402.core.scale;

/**
 * How one metric's value turns into a proposed instance count. The metric is a per-instance figure (an
 * average over the instances, as Kubernetes' HPA reads utilization), so the same load shows a smaller value
 * on more instances.
 */
public sealed interface ScalingRule {

    /** The instance count this rule asks for at {@code current} instances with the metric at {@code value}. */
    int propose(int current, double value);

    /**
     * Target tracking exactly as Kubernetes' HPA computes it: {@code ceil(current × value / target)}, unless
     * the ratio is within {@code tolerance} of 1 (then {@code current}), so noise around the target does not
     * move anything.
     */
    record TargetTracking(double target, double tolerance) implements ScalingRule {

        /** HPA's default tolerance. */
        public static final double DEFAULT_TOLERANCE = 0.1;

        public TargetTracking {
            if (!(target > 0) || Double.isInfinite(target)) {
                throw new IllegalArgumentException("target must be a positive number, was " + target);
            }
            if (!(tolerance >= 0 && tolerance < 1)) {
                throw new IllegalArgumentException("tolerance must be in [0, 1), was " + tolerance);
            }
        }

        public TargetTracking(double target) {
            this(target, DEFAULT_TOLERANCE);
        }

        @Override
        public int propose(int current, double value) {
            int base = Math.max(1, current);
            double ratio = value / target;
            if (Math.abs(ratio - 1) <= tolerance) {
                return base;
            }
            // The ratio is rounded to 1e-9 first so that 3 × 0.7 / 0.7 is 3, not 4.
            double wanted = Math.round(base * ratio * 1e9) / 1e9;
            return (int) Math.min(Integer.MAX_VALUE, Math.ceil(wanted));
        }
    }

    /**
     * The seed's step thresholds: above {@code scaleUpThreshold} add {@code step} instances, below
     * {@code scaleDownThreshold} remove {@code step}, in between keep the count.
     */
    record StepThresholds(double scaleUpThreshold, double scaleDownThreshold, int step) implements ScalingRule {

        public StepThresholds {
            if (Double.isNaN(scaleUpThreshold) || Double.isNaN(scaleDownThreshold)
                    || scaleDownThreshold >= scaleUpThreshold) {
                throw new IllegalArgumentException("scale-down-threshold (" + scaleDownThreshold
                        + ") must be below scale-up-threshold (" + scaleUpThreshold + ")");
            }
            if (step < 1) {
                throw new IllegalArgumentException("step must be at least 1, was " + step);
            }
        }

        @Override
        public int propose(int current, double value) {
            if (value > scaleUpThreshold) {
                return current + step;
            }
            if (value < scaleDownThreshold) {
                return Math.max(0, current - step);
            }
            return current;
        }
    }
}
