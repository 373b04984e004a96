package io.smart402.bench.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The repository's Markdown documents, found from the module's working directory (Maven runs tests in bench/). */
public final class RepositoryDocs {

    // ](target) or ](target "title"); the target stops at whitespace or the closing parenthesis.
    private static final Pattern LINK = Pattern.compile("\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");

    private RepositoryDocs() {
    }

    /** The checkout's root: the nearest directory up from here with README.md and docs/. */
    public static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("README.md")) && Files.isDirectory(p.resolve("docs"))) {
                return p;
            }
        }
        throw new IllegalStateException("no README.md with docs/ above " + Path.of("").toAbsolutePath());
    }

    /**
     * The relative link targets of a Markdown text (links and images), without their {@code #fragment}; web
     * addresses, mail links and same-page anchors are left out, and so is text in fenced code blocks, where
     * {@code ](} is code, not a link.
     */
    public static List<String> relativeLinks(String markdown) {
        List<String> out = new ArrayList<>();
        boolean fenced = false;
        for (String line : markdown.split("\n", -1)) {
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            Matcher m = LINK.matcher(line);
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("(?i)[a-z][a-z0-9+.-]*:.*") || target.startsWith("#")) {
                    continue;
                }
                int hash = target.indexOf('#');
                out.add(hash < 0 ? target : target.substring(0, hash));
            }
        }
        return out;
    }

    /** The relative links of {@code file} that name no file or directory, resolved from the file's directory. */
    public static List<String> brokenLinks(Path file) {
        try {
            String text = Files.readString(file);
            return relativeLinks(text).stream()
                    .filter(target -> !Files.exists(file.getParent().resolve(target)))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
