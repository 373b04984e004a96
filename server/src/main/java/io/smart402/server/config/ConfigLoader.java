package io.smart402.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Loads the one configuration tree: built-in defaults ({@code defaults.yaml}), then a YAML/JSON file, then
 * {@code SMART402_*} environment variables, then {@code key=value} overrides from the command line.
 * Environment names are the dotted key upper-cased with {@code .} and {@code -} as {@code _}
 * ({@code server.max-body-bytes} → {@code SMART402_SERVER_MAX_BODY_BYTES}), or {@code SMART402_<KEY>_FILE}
 * naming a file that holds the value (a mounted secret). Environment variables and
 * overrides address the leaves of the defaults only; the merged tree is then bound by {@link ConfigMapper}.
 */
public final class ConfigLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ConfigLoader() {
    }

    /**
     * Loads the configuration (blocking file I/O: call at start-up).
     *
     * @param file      optional config file, may be null
     * @param env       environment variables
     * @param overrides dotted {@code key=value} overrides, applied last
     */
    public static ServerConfig load(Path file, Map<String, String> env, List<String> overrides) {
        return loadWithSources(file, env, overrides).config();
    }

    /**
     * The configuration and where each key that differs from its default was set.
     *
     * @param config  the configuration, as {@link #load} returns it
     * @param sources for every key whose value is not the default: {@code file}, {@code env} or {@code --set}
     *                (the last one to set it); keys only, since values may be secrets (API keys, passwords)
     */
    public record Loaded(ServerConfig config, Map<String, String> sources) {
        public Loaded {
            sources = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(sources));
        }
    }

    /** Like {@link #load}, and says where each non-default key came from (for the start-up summary). */
    public static Loaded loadWithSources(Path file, Map<String, String> env, List<String> overrides) {
        ObjectNode tree = defaults();
        List<String> leaves = new ArrayList<>();
        collectLeaves(tree, "", leaves);
        Map<String, String> sources = new java.util.HashMap<>();
        if (file != null) {
            JsonNode overlay = readFile(file);
            List<String> fileKeys = new ArrayList<>();
            collectLeaves(overlay, "", fileKeys);
            fileKeys.forEach(key -> sources.put(key, "file"));
            merge(tree, overlay, "");
        }
        for (String key : leaves) {
            String name = "SMART402_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
            String value = env.get(name);
            String secretFile = env.get(name + "_FILE");
            if (value != null && secretFile != null) {
                throw new ConfigException("both " + name + " and " + name + "_FILE are set: use one");
            }
            if (secretFile != null) {
                value = readSecret(name + "_FILE", secretFile);
            }
            if (value != null) {
                set(tree, key, value);
                sources.put(key, "env");
            }
        }
        for (String override : overrides) {
            int eq = override.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("override '" + override + "' must be key=value");
            }
            String key = override.substring(0, eq).trim();
            if (!leaves.contains(key)) {
                throw new ConfigException("unknown configuration key '" + key + "'");
            }
            set(tree, key, override.substring(eq + 1));
            sources.put(key, "--set");
        }
        ServerConfig config = ConfigMapper.bind(tree);
        ObjectNode defaults = defaults();
        sources.keySet().removeIf(key -> sameValue(defaults.at(pointer(key)), tree.at(pointer(key))));
        return new Loaded(config, sources);
    }

    private static String pointer(String dottedKey) {
        return "/" + dottedKey.replace("~", "~0").replace("/", "~1").replace('.', '/');
    }

    /** Scalars compare as text: {@code SMART402_STORE_BATCH_SIZE=128} is the default 128, not a change. */
    private static boolean sameValue(JsonNode a, JsonNode b) {
        if (a.isValueNode() && b.isValueNode()) {
            return a.asText().equals(b.asText());
        }
        return a.equals(b);
    }

    /** Mappings whose keys are the user's (setting or client names), replaced whole rather than merged. */
    private static final java.util.Set<String> FREE_MAPS = java.util.Set.of("embedded.settings", "ratelimit.clients",
            "logging.levels");

    static ObjectNode defaults() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream("defaults.yaml")) {
            return (ObjectNode) YAML.readTree(in);
        } catch (IOException e) {
            throw new ConfigException("cannot read built-in defaults", e);
        }
    }

    /**
     * The value a {@code SMART402_<KEY>_FILE} variable points at, as the official PostgreSQL image reads
     * {@code POSTGRES_PASSWORD_FILE}: Docker secrets and Kubernetes Secret volumes are files. One trailing line
     * break is dropped (editors and {@code echo} add one); secrets need not sit in the environment.
     */
    private static String readSecret(String variable, String file) {
        try {
            String text = Files.readString(Path.of(file));
            return text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                    : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw new ConfigException(variable + ": cannot read " + file + ": " + e, e);
        }
    }

    private static JsonNode readFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("config file not found: " + file.toAbsolutePath());
        }
        try {
            JsonNode node = YAML.readTree(file.toFile());
            if (node == null || node.isMissingNode() || node.isNull()) {
                return YAML.createObjectNode();
            }
            if (!node.isObject()) {
                throw new ConfigException("config file " + file + " must hold a mapping at the top level");
            }
            return node;
        } catch (IOException e) {
            throw new ConfigException("cannot parse config file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deep-merges {@code overlay} into {@code base}. A key the defaults do not have is copied as it is: binding
     * refuses it with its path, so typos do not pass silently.
     */
    private static void merge(ObjectNode base, JsonNode overlay, String prefix) {
        for (Iterator<Map.Entry<String, JsonNode>> it = overlay.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix + e.getKey();
            JsonNode current = base.get(e.getKey());
            if (current != null && current.isObject() && e.getValue().isObject() && !FREE_MAPS.contains(key)) {
                merge((ObjectNode) current, e.getValue(), key + ".");
            } else {
                base.set(e.getKey(), e.getValue());
            }
        }
    }

    private static void collectLeaves(JsonNode node, String prefix, List<String> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix + e.getKey();
            if (e.getValue().isObject() && !FREE_MAPS.contains(key)) {
                collectLeaves(e.getValue(), key + ".", out);
            } else {
                out.add(key);
            }
        }
    }

    private static void set(ObjectNode tree, String dottedKey, String value) {
        String[] parts = dottedKey.split("\\.");
        ObjectNode node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            if (!(node.get(parts[i]) instanceof ObjectNode next)) {
                throw new ConfigException("'" + String.join(".", java.util.Arrays.copyOf(parts, i + 1))
                        + "' must be a mapping");
            }
            node = next;
        }
        String leaf = parts[parts.length - 1];
        JsonNode current = node.get(leaf);
        if (current != null && (current.isArray() || current.isObject())) {
            try {
                node.set(leaf, YAML.readTree(value)); // structured values (shards, settings) as YAML/JSON text
            } catch (IOException e) {
                throw new ConfigException("'" + dottedKey + "' must be YAML/JSON: " + e.getMessage(), e);
            }
        } else {
            node.set(leaf, TextNode.valueOf(value));
        }
    }
}
