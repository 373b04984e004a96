package io.smart402.server.http;

import io.smart402.core.error.FailureKind;
import io.smart402.server.ServerException;

/**
 * Carries a {@link Problem} the HTTP layer itself decided (a bad header, a limit of the protocol) through a
 * reactive chain to the one place that writes it; the rest of the server throws domain exceptions instead.
 */
public final class ProblemException extends ServerException {

    private static final long serialVersionUID = 1L;

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.status() >= 500 ? FailureKind.INTERNAL : FailureKind.INVALID_INPUT,
                problem.type().substring(Problem.BASE.length()), problem.detail());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
