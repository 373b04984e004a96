package io.smart402.server.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.smart402.shard.feed.FeedPosition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The opaque resume cursor: each shard's position in its history (a null position: "now", resolved when the
 * shard is next reached). On the wire: base64url of a small JSON array, a dot, base64url of the first 16 bytes of
 * its HMAC-SHA256. The MAC makes a cursor that was cut, edited or made up a clear 400 instead of a feed from some
 * arbitrary place; instances that share {@code feed.cursor-secret} accept each other's cursors.
 */
public final class FeedCursor {

    static final int MAX_LENGTH = 16 * 1024;
    private static final int MAC_BYTES = 16;
    private static final int FORMAT = 1;
    private static final String BUILT_IN_SECRET = "smart402-change-feed-cursor-v1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] key;
    private final List<String> shards;

    /** @param shards the fleet's shards: a cursor naming another is refused */
    public FeedCursor(String secret, List<String> shards) {
        this.key = (secret == null || secret.isEmpty() ? BUILT_IN_SECRET : secret).getBytes(StandardCharsets.UTF_8);
        this.shards = List.copyOf(shards);
    }

    /** Every shard at {@code position} (null: "now"). */
    Map<String, FeedPosition> all(FeedPosition position) {
        Map<String, FeedPosition> positions = new LinkedHashMap<>();
        shards.forEach(s -> positions.put(s, position));
        return positions;
    }

    String encode(Map<String, FeedPosition> positions) {
        ArrayNode payload = JsonNodeFactory.instance.arrayNode().add(FORMAT);
        positions.forEach((shard, p) -> {
            ArrayNode entry = payload.addArray().add(shard);
            if (p != null) {
                entry.add(p.xid()).add(p.id());
            }
        });
        byte[] bytes = payload.toString().getBytes(StandardCharsets.UTF_8);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(bytes) + "." + b64.encodeToString(mac(bytes));
    }

    /** The positions a cursor holds; shards it does not name (added since) start at their beginning. */
    Map<String, FeedPosition> decode(String parameter, String cursor) {
        String text = cursor.trim();
        if (text.length() > MAX_LENGTH) {
            throw FeedException.invalidCursor(parameter, "longer than " + MAX_LENGTH + " characters");
        }
        int dot = text.indexOf('.');
        if (dot <= 0 || dot != text.lastIndexOf('.')) {
            throw FeedException.invalidCursor(parameter, "malformed");
        }
        byte[] payload;
        byte[] mac;
        try {
            payload = Base64.getUrlDecoder().decode(text.substring(0, dot));
            mac = Base64.getUrlDecoder().decode(text.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw FeedException.invalidCursor(parameter, "malformed");
        }
        if (!MessageDigest.isEqual(mac, mac(payload))) {
            throw FeedException.invalidCursor(parameter, "signature does not match");
        }
        Map<String, FeedPosition> positions = all(FeedPosition.START);
        try {
            JsonNode root = JSON.readTree(payload);
            if (root == null || !root.isArray() || root.path(0).asInt(-1) != FORMAT) {
                throw FeedException.invalidCursor(parameter, "unknown format");
            }
            for (int i = 1; i < root.size(); i++) {
                JsonNode entry = root.get(i);
                String shard = entry.path(0).asText(null);
                if (shard == null || !positions.containsKey(shard)) {
                    throw FeedException.invalidCursor(parameter, "names shard '" + shard
                            + "', which this fleet does not have");
                }
                positions.put(shard, entry.size() == 1 ? null
                        : new FeedPosition(entry.path(1).asLong(), entry.path(2).asText()));
            }
        } catch (IOException | IllegalArgumentException e) {
            throw FeedException.invalidCursor(parameter, "unreadable");
        }
        return positions;
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Arrays.copyOf(mac.doFinal(payload), MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JRE", e);
        }
    }

    List<String> shards() {
        return Collections.unmodifiableList(shards);
    }
}
