package io.smart402.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * What the server under test can do, read from its built-in configuration defaults (the same build as the server
 * jar): scenarios for capabilities that have not landed yet (a cache to switch on and off, failover) adapt or say
 * so instead of failing.
 */
public final class Capabilities {

    private final JsonNode defaults;

    private Capabilities(JsonNode defaults) {
        this.defaults = defaults;
    }

    public static Capabilities load() {
        try (InputStream in = Capabilities.class.getResourceAsStream("/io/smart402/server/config/defaults.yaml")) {
            if (in == null) {
                return new Capabilities(new ObjectMapper().createObjectNode());
            }
            return new Capabilities(new ObjectMapper(new YAMLFactory()).readTree(in));
        } catch (IOException e) {
            return new Capabilities(new ObjectMapper().createObjectNode());
        }
    }

    /** Whether the configuration has the dotted key (e.g. {@code cache.enabled}). */
    public boolean has(String dottedKey) {
        JsonNode n = defaults;
        for (String part : dottedKey.split("\\.")) {
            n = n.path(part);
        }
        return !n.isMissingNode();
    }

    /** Every dotted leaf key under {@code prefix} (for the report: what a capability can be tuned by). */
    public List<String> keysUnder(String prefix) {
        List<String> out = new ArrayList<>();
        JsonNode n = defaults.path(prefix);
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            out.add(prefix + "." + it.next());
        }
        return out;
    }
}
