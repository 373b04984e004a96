package io.smart402.core.conformance;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Runs the reference tools of spec contracts.md §2.3/§2.4 "Conformance" on generated artefacts: the {@code solc}
 * npm compiler for Solidity sources, and the zod schemas of {@code @x402/core} (PaymentRequiredV1Schema,
 * PaymentRequiredV2Schema) and {@code x402} (PaymentRequirementsSchema) for x402 objects.
 *
 * <p>The Node project lives in {@code core/src/test/node} ({@code conformance.js}, pinned {@code package.json} and
 * {@code package-lock.json}). It is located, in order, from the system property {@code smart402.node.dir}, from
 * {@code src/test/node} relative to the working directory (surefire runs in the module directory), or by walking up
 * from the working directory looking for {@code core/src/test/node} (for modules that reuse core's test-jar). When
 * {@code node_modules} is missing, {@code npm ci} is run there once; {@code .ci/run} normally does that beforehand.
 *
 * <p>Every call starts one {@code node} process and blocks until it ends (a few seconds: loading solc dominates), so
 * batch as much as possible into a single {@link #check} call. Call it only from test threads, never from a Reactor
 * thread (BlockHound would rightly reject it).
 */
public final class NodeConformance {

    /** System property overriding the location of the Node project. */
    public static final String NODE_DIR_PROPERTY = "smart402.node.dir";
    /** System property overriding the {@code node} executable (default: {@code node} on the PATH). */
    public static final String NODE_BIN_PROPERTY = "smart402.node.bin";

    private static final Path MODULE_RELATIVE_DIR = Path.of("src", "test", "node");
    private static final Path REPO_RELATIVE_DIR = Path.of("core", "src", "test", "node");
    private static final String SCRIPT = "conformance.js";
    private static final List<String> REQUIRED_PACKAGES = List.of("solc", "@x402/core", "x402");
    private static final long NPM_TIMEOUT_MINUTES = 10;
    private static final long RUN_TIMEOUT_MINUTES = 5;

    private static final ObjectMapper MAPPER =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final Object INSTALL_LOCK = new Object();
    private static volatile NodeConformance shared;

    /** One Solidity source unit to compile; {@code name} only identifies it in the results. */
    public record SoliditySource(String name, String source) {
        public SoliditySource {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(source, "source");
        }
    }

    /**
     * One pair of x402 objects to validate: {@code v1} is a {@code PaymentRequired} V1 body (or {@code null} when
     * the network has no v1 name: "not applicable"), {@code v2} a {@code PaymentRequired} V2 object.
     */
    public record X402Sample(String name, JsonNode v1, JsonNode v2) {
        public X402Sample {
            Objects.requireNonNull(name, "name");
            v1 = v1 == null || v1.isMissingNode() ? NullNode.getInstance() : v1;
            v2 = v2 == null || v2.isMissingNode() ? NullNode.getInstance() : v2;
        }

        /**
         * Builds a sample from any representation: a {@link JsonNode}, a JSON text ({@link String}), or any object
         * Jackson can serialise (maps, records, POJOs). {@code null} stays null.
         */
        public static X402Sample of(String name, Object v1, Object v2) {
            return new X402Sample(name, toTree(v1), toTree(v2));
        }
    }

    /** Verdict for one Solidity source: {@code ok} when solc reported no error (warnings do not count). */
    public record SolidityResult(String name, boolean ok, List<String> errors, List<String> warnings) {
        public SolidityResult {
            errors = errors == null ? List.of() : List.copyOf(errors);
            warnings = warnings == null ? List.of() : List.copyOf(warnings);
        }
    }

    /**
     * Verdict for one {@link X402Sample}. {@code v1ok}: PaymentRequiredV1Schema of {@code @x402/core};
     * {@code requirementsOk}: every {@code v1.accepts[i]} passes PaymentRequirementsSchema of {@code x402};
     * {@code v2ok}: PaymentRequiredV2Schema of {@code @x402/core}. Both v1 verdicts are true when v1 is null.
     */
    public record X402Result(
            String name,
            boolean v1ok,
            List<String> v1errors,
            boolean v2ok,
            List<String> v2errors,
            boolean requirementsOk,
            List<String> requirementsErrors) {
        public X402Result {
            v1errors = v1errors == null ? List.of() : List.copyOf(v1errors);
            v2errors = v2errors == null ? List.of() : List.copyOf(v2errors);
            requirementsErrors = requirementsErrors == null ? List.of() : List.copyOf(requirementsErrors);
        }

        /** True when all three checks passed. */
        public boolean allOk() {
            return v1ok && v2ok && requirementsOk;
        }

        /** All error messages of the three checks, in the order v1, requirements, v2. */
        public List<String> allErrors() {
            List<String> all = new ArrayList<>(v1errors);
            all.addAll(requirementsErrors);
            all.addAll(v2errors);
            return List.copyOf(all);
        }
    }

    /** Whole answer of one run; {@code compiler} is the solc version string (null when no Solidity was sent). */
    public record Report(String compiler, List<SolidityResult> solidity, List<X402Result> x402) {
        public Report {
            solidity = solidity == null ? List.of() : List.copyOf(solidity);
            x402 = x402 == null ? List.of() : List.copyOf(x402);
        }

        /** True when every Solidity source compiled and every x402 sample passed. */
        public boolean allOk() {
            return solidity.stream().allMatch(SolidityResult::ok) && x402.stream().allMatch(X402Result::allOk);
        }
    }

    private final Path nodeDir;
    private final String nodeBin;

    private NodeConformance(Path nodeDir, String nodeBin) {
        this.nodeDir = nodeDir;
        this.nodeBin = nodeBin;
    }

    /** Shared instance for the default location (see class comment); installs node_modules on first use if needed. */
    public static NodeConformance get() {
        NodeConformance local = shared;
        if (local == null) {
            synchronized (INSTALL_LOCK) {
                local = shared;
                if (local == null) {
                    local = at(locate());
                    shared = local;
                }
            }
        }
        return local;
    }

    /** Instance for an explicit Node project directory; installs node_modules there if needed. */
    public static NodeConformance at(Path nodeDir) {
        Path dir = nodeDir.toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve(SCRIPT))) {
            throw new IllegalStateException("No " + SCRIPT + " in " + dir);
        }
        ensureInstalled(dir);
        return new NodeConformance(dir, System.getProperty(NODE_BIN_PROPERTY, "node"));
    }

    /** The Node project directory in use. */
    public Path nodeDir() {
        return nodeDir;
    }

    /** Compiles and validates everything in one {@code node} run. */
    public Report check(List<SoliditySource> solidity, List<X402Sample> x402) {
        ObjectNode request = MAPPER.createObjectNode();
        ArrayNode sol = request.putArray("solidity");
        for (SoliditySource s : solidity) {
            sol.addObject().put("name", s.name()).put("source", s.source());
        }
        ArrayNode pay = request.putArray("x402");
        for (X402Sample s : x402) {
            ObjectNode item = pay.addObject().put("name", s.name());
            item.set("v1", s.v1());
            item.set("v2", s.v2());
        }
        Report report = run(request);
        if (report.solidity().size() != solidity.size() || report.x402().size() != x402.size()) {
            throw new IllegalStateException("conformance.js answered " + report.solidity().size() + "/"
                    + report.x402().size() + " results for " + solidity.size() + "/" + x402.size() + " items");
        }
        return report;
    }

    /** Compiles the sources (one solc call) and returns one result per source, in order. */
    public List<SolidityResult> compileSolidity(List<SoliditySource> sources) {
        return check(sources, List.of()).solidity();
    }

    /** Compiles one source. */
    public SolidityResult compileSolidity(String name, String source) {
        return compileSolidity(List.of(new SoliditySource(name, source))).get(0);
    }

    /** Validates the samples and returns one result per sample, in order. */
    public List<X402Result> validateX402(List<X402Sample> samples) {
        return check(List.of(), samples).x402();
    }

    /** Validates one pair of x402 objects (see {@link X402Sample#of} for the accepted representations). */
    public X402Result validateX402(String name, Object v1, Object v2) {
        return validateX402(List.of(X402Sample.of(name, v1, v2))).get(0);
    }

    // -----------------------------------------------------------------------------------------------------------

    private Report run(JsonNode request) {
        Path requestFile = null;
        Path stdout = null;
        Path stderr = null;
        try {
            requestFile = Files.createTempFile("smart402-conformance-", ".json");
            stdout = Files.createTempFile("smart402-conformance-", ".out");
            stderr = Files.createTempFile("smart402-conformance-", ".err");
            MAPPER.writeValue(requestFile.toFile(), request);
            Process process = new ProcessBuilder(nodeBin, SCRIPT, requestFile.toString())
                    .directory(nodeDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile())
                    .start();
            if (!process.waitFor(RUN_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("node " + SCRIPT + " did not finish within " + RUN_TIMEOUT_MINUTES
                        + " minutes");
            }
            String err = Files.readString(stderr, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("node " + SCRIPT + " exited with " + process.exitValue() + ": " + err);
            }
            return MAPPER.readValue(stdout.toFile(), Report.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run node " + SCRIPT + " in " + nodeDir
                    + " (is Node.js installed? run .ci/run)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running node " + SCRIPT, e);
        } finally {
            deleteQuietly(requestFile);
            deleteQuietly(stdout);
            deleteQuietly(stderr);
        }
    }

    static Path locate() {
        String property = System.getProperty(NODE_DIR_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        if (Files.isRegularFile(MODULE_RELATIVE_DIR.resolve(SCRIPT))) {
            return MODULE_RELATIVE_DIR;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(REPO_RELATIVE_DIR);
            if (Files.isRegularFile(candidate.resolve(SCRIPT))) {
                return candidate;
            }
        }
        throw new IllegalStateException("Cannot find the conformance Node project (" + REPO_RELATIVE_DIR + "/"
                + SCRIPT + ") from " + Path.of("").toAbsolutePath() + "; set -D" + NODE_DIR_PROPERTY + "=<dir>");
    }

    private static void ensureInstalled(Path dir) {
        synchronized (INSTALL_LOCK) {
            if (installed(dir)) {
                return;
            }
            Path log = null;
            try {
                log = Files.createTempFile("smart402-npm-ci-", ".log");
                Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                        .directory(dir.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
                if (!npm.waitFor(NPM_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                    npm.destroyForcibly();
                    throw new IllegalStateException("npm ci in " + dir + " did not finish within "
                            + NPM_TIMEOUT_MINUTES + " minutes; run .ci/run");
                }
                if (npm.exitValue() != 0 || !installed(dir)) {
                    throw new IllegalStateException("npm ci in " + dir + " failed (exit " + npm.exitValue()
                            + "); run .ci/run. Output:\n" + Files.readString(log, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new IllegalStateException("node_modules is missing in " + dir
                        + " and npm could not be run (" + e.getMessage() + "); run .ci/run first", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted during npm ci in " + dir, e);
            } finally {
                deleteQuietly(log);
            }
        }
    }

    private static boolean installed(Path dir) {
        Path modules = dir.resolve("node_modules");
        return REQUIRED_PACKAGES.stream().allMatch(p -> Files.isRegularFile(modules.resolve(p).resolve("package.json")));
    }

    private static JsonNode toTree(Object value) {
        if (value == null) {
            return NullNode.getInstance();
        }
        if (value instanceof JsonNode node) {
            return node;
        }
        try {
            if (value instanceof CharSequence text) {
                return MAPPER.readTree(text.toString());
            }
            return MAPPER.valueToTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("Not a JSON text: " + value, e);
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static void deleteQuietly(Path path) {
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // temp file; the OS cleans up eventually
            }
        }
    }
}
