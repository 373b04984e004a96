package io.smart402.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class VersionTest {

    /** The build runs in a git checkout (CI clones), so the commit is known; a missing git.properties fails here. */
    @Test
    void versionOptionPrintsTheVersionAndTheFullCommit() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Main.Command command = Main.run(new String[] {"--version"}, new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(command).isEqualTo(Main.Command.HELP);
        assertThat(bytes.toString(StandardCharsets.UTF_8).trim())
                .matches("smart402-server \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(commit [0-9a-f]{40}(-dirty)?, \\S+\\)");
    }
}
