package io.smart402.bench.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16: the committed report linked 17 plots that were never committed. */
class DocsLinksTest {

    @Test
    void theReadmeLinksOnlyFilesInTheRepository() {
        Path readme = RepositoryDocs.root().resolve("README.md");

        assertThat(RepositoryDocs.relativeLinks(readmeText(readme))).as("links found in README.md").isNotEmpty();
        assertThat(RepositoryDocs.brokenLinks(readme)).as("README.md links to missing files").isEmpty();
    }

    @Test
    void theCommittedBenchReportLinksOnlyFilesInTheRepository() {
        Path report = RepositoryDocs.root().resolve("docs/performance/report.md");

        assertThat(RepositoryDocs.relativeLinks(readmeText(report))).as("links found in report.md").isNotEmpty();
        assertThat(RepositoryDocs.brokenLinks(report)).as("report.md links to missing files").isEmpty();
    }

    @Test
    void aMissingImageOrLinkTargetIsReportedAndWebAddressesAnchorsAndCodeAreNot(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("here.png"), "x");
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/page.md"), "x");
        Path doc = dir.resolve("doc.md");
        Files.writeString(doc, """
                ![here](here.png) and ![gone](gone.png)
                [page](sub/page.md#part) and [missing page](sub/none.md "title")
                [web](https://example.org/x.png), [mail](mailto:a@b.c), [anchor](#section)
                ```
                not a link](absent-in-code.png)
                ```
                """);

        assertThat(RepositoryDocs.brokenLinks(doc)).containsExactly("gone.png", "sub/none.md");
    }

    private static String readmeText(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
