package io.smart402.server.docker;

import static io.smart402.server.docker.DockerTools.DOCKER;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker/Dockerfile} through a linter (npm {@code dockerfilelint}, pinned in {@code docker/test}), and what
 * the image must do: build with the wrapper, run on a JRE as a non-root user, size the heap from the container's
 * limit, and check its health without tools the JRE image may lack ({@code docker/healthcheck.sh} is run against a
 * live server by {@link DockerMetricNamesTest}).
 */
class DockerfileLintTest {

    @BeforeAll
    static void packages() {
        DockerTools.requireNodePackages();
    }

    @Test
    void theDockerfilePassesTheLinter() {
        DockerTools.Result linted = lint(DOCKER.resolve("Dockerfile"));
        assertThat(linted.exitCode()).as(linted.output()).isZero();
        assertThat(linted.output()).contains("Issues: None found");
    }

    @Test
    void aBrokenInstructionFailsTheLinter(@TempDir Path dir) {
        Path broken = DockerTools.write(dir.resolve("Dockerfile"), DockerTools.replaceOnce(
                DockerTools.read(DOCKER.resolve("Dockerfile")), "EXPOSE 8080", "EXPOSE 80800"));
        DockerTools.Result linted = lint(broken);
        assertThat(linted.exitCode()).isNotZero();
        assertThat(linted.output()).contains("EXPOSE 80800");
    }

    @Test
    void theImageIsMultiStageJreOnlyNonRootAndContainerAware() {
        String dockerfile = DockerTools.read(DOCKER.resolve("Dockerfile"));
        assertThat(dockerfile).contains("FROM eclipse-temurin:17-jdk AS build").contains("./mvnw -B")
                .contains("FROM eclipse-temurin:17-jre").contains("COPY --from=build")
                .contains("USER 10001:10001").contains("-XX:MaxRAMPercentage=75").contains("EXPOSE 8080")
                .contains("HEALTHCHECK").contains("/opt/smart402/healthcheck.sh\", \"8080\", \"/health\"");
        String ignore = DockerTools.read(DockerTools.ROOT.resolve(".dockerignore"));
        assertThat(ignore).contains(".git").contains("**/target").contains("**/node_modules");
    }

    private static DockerTools.Result lint(Path dockerfile) {
        return DockerTools.run(DockerTools.NODE_PROJECT, "node", "node_modules/dockerfilelint/bin/dockerfilelint",
                dockerfile.toString());
    }
}
