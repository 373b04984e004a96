package io.smart402.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version and git commit this server was built from, as the build recorded them in {@code git.properties}
 * (git-commit-id-maven-plugin). Missing when built outside a git checkout or run from an IDE without a Maven
 * build: then "unknown", never a failure.
 *
 * @param dirty whether the working tree had uncommitted changes when built
 */
public record Version(String version, String commit, String commitTime, boolean dirty) {

    private static final String RESOURCE = "/io/smart402/server/git.properties";

    /** What the running jar was built from. */
    public static Version current() {
        Properties git = new Properties();
        try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                git.load(in);
            }
        } catch (IOException e) {
            // unreadable: reported as unknown, like a missing file
        }
        return new Version(git.getProperty("git.build.version", "unknown"),
                git.getProperty("git.commit.id.full", "unknown"), git.getProperty("git.commit.time", ""),
                Boolean.parseBoolean(git.getProperty("git.dirty", "false")));
    }

    /** {@code 0.1.0-SNAPSHOT (commit 1a2b3c…, 2026-12-04T16:30:00Z)}, with {@code -dirty} when it was. */
    public String describe() {
        String time = commitTime.isEmpty() ? "" : ", " + commitTime;
        return version + " (commit " + commit + (dirty ? "-dirty" : "") + time + ")";
    }
}
