package io.smart402.shard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class PostgresBinariesTest {

    @Test
    void comparesMajorVersionsNumerically() {
        assertThat(PostgresBinaries.compareVersions("9.6", "15")).isNegative();
        assertThat(PostgresBinaries.compareVersions("16", "15")).isPositive();
        assertThat(PostgresBinaries.compareVersions("15.1", "15")).isPositive();
        assertThat(PostgresBinaries.compareVersions("15", "15.0")).isZero();
    }

    @Test
    void locatesADirectoryHoldingEveryRequiredProgram() {
        // This machine must have PostgreSQL installed for the launcher tests anyway.
        PostgresBinaries found = PostgresBinaries.locate();

        assertThat(PostgresBinaries.REQUIRED).allSatisfy(p -> assertThat(Files.isExecutable(found.binDir().resolve(p)))
                .as(p + " in " + found.binDir()).isTrue());
    }
}
