package io.smart402.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RetryBudgetTest {

    @Test
    void startsWithMinRetriesThenAllowsTheShareOfRequests() {
        RetryBudget budget = new RetryBudget(20, 3);
        assertThat(takeAll(budget)).isEqualTo(3);
        for (int i = 0; i < 100; i++) {
            budget.requested();
        }
        assertThat(takeAll(budget)).isEqualTo(20);
    }

    @Test
    void neverExceedsMinRetriesPlusThePercentOfRequests() {
        RetryBudget budget = new RetryBudget(20, 10);
        int retries = 0;
        int requests = 0;
        for (int i = 0; i < 50_000; i++) {
            budget.requested();
            requests++;
            while (budget.tryRetry()) {
                retries++;
            }
            assertThat(retries).isLessThanOrEqualTo(10 + requests / 5);
        }
        assertThat(retries).isEqualTo(10 + requests / 5);
    }

    @Test
    void banksAtMostTheDepositsOfTheLastThousandRequests() {
        RetryBudget budget = new RetryBudget(20, 10);
        for (int i = 0; i < 100_000; i++) {
            budget.requested();
        }
        assertThat(budget.available()).isEqualTo(10 + RetryBudget.BANKED_REQUESTS / 5);
    }

    @Test
    void zeroPercentAllowsOnlyTheMinimum() {
        RetryBudget budget = new RetryBudget(0, 2);
        for (int i = 0; i < 1000; i++) {
            budget.requested();
        }
        assertThat(takeAll(budget)).isEqualTo(2);
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new RetryBudget(101, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryBudget(20, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static int takeAll(RetryBudget budget) {
        int n = 0;
        while (budget.tryRetry()) {
            n++;
        }
        return n;
    }
}
