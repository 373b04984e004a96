package io.smart402.shard.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The user switch PostgreSQL needs under a root JVM; skipped where the JVM is not root. */
class RunAsTest {

    private static final Path ROOT_DIR = Path.of("/");

    @ParameterizedTest
    @ValueSource(strings = {"runuser", "setpriv", "su"})
    void everySwitcherRunsCommandsAsTheUnprivilegedUser(String switcher) {
        assumeThat(Processes.run(List.of("id", "-u"), ROOT_DIR, 10, null).output().strip())
                .as("JVM runs as root").isEqualTo("0");
        Processes.Result gid = Processes.run(List.of("id", "-g", "postgres"), ROOT_DIR, 10, null);
        assumeThat(gid.ok()).as("user postgres exists").isTrue();
        Optional<RunAs> runAs = RunAs.via(switcher, "postgres", gid.output().strip());
        assumeThat(runAs).as(switcher + " installed").isPresent();

        Processes.Result whoami = Processes.run(runAs.get().wrap(List.of("sh", "-c", "id -un; echo \"$1\"", "sh",
                "it's quoted")), ROOT_DIR, 10, null);

        assertThat(whoami.ok()).as(whoami.describe()).isTrue();
        assertThat(whoami.output().lines()).containsExactly("postgres", "it's quoted");
    }
}
