package io.smart402.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The {@code fleet} command's refusals, before anything starts (its run is in {@code FleetInstancesTest}). */
class FleetCommandTest {

    private static final PrintStream OUT = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    @Test
    void fleetOptionsBelongToTheFleetCommandOnly() {
        assertThatThrownBy(() -> Main.run(new String[] {"serve", "--redis"}, OUT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("belong to the 'fleet' command");
        assertThatThrownBy(() -> Main.run(new String[] {"repair", "--write-config", "x.yaml"}, OUT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("belong to the 'fleet' command");
    }

    @Test
    void fleetRefusesAConfigurationWithShards() {
        assertThatThrownBy(() -> Main.run(new String[] {"fleet", "--set",
                "shards=[{id: a, primary: {host: 127.0.0.1}}]"}, OUT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'fleet' starts the embedded fleet");
    }

    @Test
    void usageNamesTheFleetCommandAndItsOptions() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        assertThat(Main.run(new String[] {"--help"}, new PrintStream(bytes, true, StandardCharsets.UTF_8)))
                .isEqualTo(Main.Command.HELP);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("fleet ", "--redis", "--write-config FILE");
    }
}
