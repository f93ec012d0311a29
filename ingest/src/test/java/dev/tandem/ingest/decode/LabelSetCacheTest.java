package dev.tandem.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.model.Labels;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Label sets are built once per distinct set, and the cache never changes what they hold. */
class LabelSetCacheTest {

    @Test
    void labelSetsAreSortedWhateverTheOrderAndTheLastDuplicateWins() {
        LabelSetCache cache = new LabelSetCache(1024);
        LabelSetCache.Pair app = new LabelSetCache.Pair("app", "web");
        LabelSetCache.Pair tier = new LabelSetCache.Pair("tier", "front");
        LabelSetCache.Pair appAgain = new LabelSetCache.Pair("app", "api");

        Labels forward = cache.get(new LabelSetCache.Pair[] {app, tier}, 2);
        Labels backward = cache.get(new LabelSetCache.Pair[] {tier, app}, 2);
        Labels duplicate = cache.get(new LabelSetCache.Pair[] {app, tier, appAgain}, 3);

        assertThat(forward).isEqualTo(backward);
        assertThat(forward.asMap())
                .containsExactly(Map.entry("app", "web"), Map.entry("tier", "front"));
        assertThat(duplicate.asMap())
                .containsExactly(Map.entry("app", "api"), Map.entry("tier", "front"));
        assertThat(cache.get(new LabelSetCache.Pair[] {app, tier}, 2)).isSameAs(forward);
        assertThat(cache.get(new LabelSetCache.Pair[0], 0)).isSameAs(Labels.empty());
    }
}
