package io.smart402.server.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smart402.shard.feed.FeedPosition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeedCursorTest {

    private static final List<String> SHARDS = List.of("shard_0", "shard_1", "shard_2");

    private static Map<String, FeedPosition> positions() {
        Map<String, FeedPosition> p = new LinkedHashMap<>();
        p.put("shard_0", new FeedPosition(754, "smart402:saas:a.b_c-1"));
        p.put("shard_1", null);
        p.put("shard_2", FeedPosition.START);
        return p;
    }

    @Test
    void aCursorReadsBackAsItWasWrittenOnAnyInstanceWithTheSameSecret() {
        String cursor = new FeedCursor("s3cret", SHARDS).encode(positions());
        assertThat(cursor).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
        assertThat(new FeedCursor("s3cret", SHARDS).decode("cursor", cursor)).isEqualTo(positions());
    }

    @Test
    void aCursorUnderAnotherSecretOrAlteredIsRefused() {
        String cursor = new FeedCursor("s3cret", SHARDS).encode(positions());
        assertThatThrownBy(() -> new FeedCursor("other", SHARDS).decode("cursor", cursor))
                .isInstanceOf(FeedException.class).hasMessageContaining("signature");
        char last = cursor.charAt(cursor.length() - 1);
        String altered = cursor.substring(0, cursor.length() - 1) + (last == 'A' ? 'B' : 'A');
        assertThatThrownBy(() -> new FeedCursor("s3cret", SHARDS).decode("cursor", altered))
                .isInstanceOf(FeedException.class);
        for (String junk : List.of("", ".", "abc", "a.b.c", "!!!.???", cursor.substring(0, cursor.indexOf('.')))) {
            assertThatThrownBy(() -> new FeedCursor("s3cret", SHARDS).decode("Last-Event-ID", junk))
                    .isInstanceOf(FeedException.class)
                    .satisfies(e -> assertThat(((FeedException) e).details()).containsEntry("parameter",
                            "Last-Event-ID"));
        }
    }

    @Test
    void aCursorOfAnotherFleetIsRefusedAndANewShardStartsAtItsBeginning() {
        String cursor = new FeedCursor("", SHARDS).encode(positions());
        assertThatThrownBy(() -> new FeedCursor("", List.of("shard_0", "shard_9")).decode("cursor", cursor))
                .isInstanceOf(FeedException.class).hasMessageContaining("shard_1");
        Map<String, FeedPosition> grown = new FeedCursor("", List.of("shard_0", "shard_1", "shard_2", "shard_3"))
                .decode("cursor", cursor);
        assertThat(grown).containsEntry("shard_3", FeedPosition.START).containsEntry("shard_1", null);
    }
}
