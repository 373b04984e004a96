package io.smart402.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class StateMachineTest {

    private final StateMachine machine = new StateMachine(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));

    @Test
    void fullSuccessTraceMatchesSpecProbabilities() {
        for (int i = 0; i < 5; i++) {
            assertThat(machine.fire(TransitionCondition.SUCCESS, null)).isTrue();
        }
        assertThat(machine.current()).isEqualTo(ContractState.EXECUTION);
        assertThat(machine.transitions().get(0).probability()).isEqualTo(1.0);
        assertThat(machine.transitions().get(1).probability()).isCloseTo(0.731059, within(1e-6));
        ObjectNode trace = machine.toJson();
        assertThat(trace.get("average_probability").doubleValue()).isCloseTo(0.784847, within(1e-6));
        assertThat(trace.get("total_transitions").intValue()).isEqualTo(5);
        assertThat(trace.get("success_rate").doubleValue()).isEqualTo(1.0);
        assertThat(trace.get("current_state").textValue()).isEqualTo("EXECUTION");
    }

    @Test
    void idleOnlyGoesToDiscovery() {
        assertThat(machine.fire(TransitionCondition.FAILURE, null)).isFalse();
        assertThat(machine.current()).isEqualTo(ContractState.IDLE);
        assertThat(machine.transitions()).isEmpty();
    }

    @Test
    void failureMovesToFailedWhichIsTerminal() {
        machine.fire(TransitionCondition.SUCCESS, null);
        assertThat(machine.fire(TransitionCondition.TIMEOUT, "aeo")).isTrue();
        assertThat(machine.current()).isEqualTo(ContractState.FAILED);
        assertThat(machine.transitions().get(1).probability()).isCloseTo(0.731059, within(1e-6));
        assertThat(machine.fire(TransitionCondition.SUCCESS, null)).isFalse();
        assertThat(machine.toJson().get("success_rate").doubleValue()).isEqualTo(0.5);
    }

    @Test
    void runsToCompletedThenStops() {
        for (int i = 0; i < 7; i++) {
            assertThat(machine.fire(TransitionCondition.SUCCESS, null)).isTrue();
        }
        assertThat(machine.current()).isEqualTo(ContractState.COMPLETED);
        assertThat(machine.fire(TransitionCondition.SUCCESS, null)).isFalse();
        assertThat(machine.fire(TransitionCondition.FAILURE, null)).isFalse();
    }
}
