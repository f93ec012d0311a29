package dev.tandem.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The one value cache every decoder shares must never change an answer: not when keys collide, not
 * when entries are evicted, not whether the key comes as characters or as UTF-8 bytes.
 */
class ValueCacheTest {
    private final AtomicInteger computed = new AtomicInteger();

    private String count(String text) {
        computed.incrementAndGet();
        return text;
    }

    @Test
    void keysThatShareASlotPairStillGetTheirOwnValues() {
        // Two slots are one pair: every key shares it. Three keys that differ only in their
        // middle are more than the pair holds, so each evicts another.
        ValueCache<String> cache = new ValueCache<>(2, this::count);
        List<char[]> keys = new ArrayList<>();
        for (String id : List.of("AAAA", "BBBB", "CCCC")) {
            keys.add(("checkoutservice-598d5b586d-" + id + "-wsvmz-tail").toCharArray());
        }

        for (int round = 0; round < 3; round++) {
            for (char[] key : keys) {
                assertThat(cache.get(key, 0, key.length)).isEqualTo(new String(key));
            }
        }
        // They evict each other every time: correct, just not cached.
        assertThat(computed.get()).isEqualTo(9);
    }

    @Test
    void twoKeysThatShareASlotPairAreBothKept() {
        ValueCache<String> cache = new ValueCache<>(2, this::count);
        char[] first = "10.124.1.6:9080".toCharArray();
        char[] second = "10.124.2.6:9080".toCharArray();

        for (int round = 0; round < 3; round++) {
            assertThat(cache.get(first, 0, first.length)).isEqualTo("10.124.1.6:9080");
            assertThat(cache.get(second, 0, second.length)).isEqualTo("10.124.2.6:9080");
        }
        assertThat(computed.get()).isEqualTo(2);
    }

    @Test
    void aRepeatedKeyIsComputedOnceAndLookedUpFromAnyOffset() {
        ValueCache<String> cache = new ValueCache<>(64, this::count);
        char[] buffer = "xxapp=frontendyy".toCharArray();

        String first = cache.get(buffer, 2, 12);
        String second = cache.get("app=frontend".toCharArray(), 0, 12);

        assertThat(first).isEqualTo("app=frontend").isSameAs(second);
        assertThat(computed.get()).isEqualTo(1);
    }

    @Test
    void bytesAndCharactersOfTheSameTextShareOneEntry() {
        ValueCache<String> cache = new ValueCache<>(64, this::count);
        byte[] bytes = "  GET  ".getBytes(StandardCharsets.UTF_8);

        String fromBytes = cache.get(bytes, 2, 3);
        String fromChars = cache.get("GET".toCharArray(), 0, 3);

        assertThat(fromBytes).isEqualTo("GET").isSameAs(fromChars);
        assertThat(computed.get()).isEqualTo(1);
    }

    @Test
    void nonAsciiBytesAreDecodedBeforeTheyAreLookedUp() {
        ValueCache<String> cache = new ValueCache<>(64, this::count);
        String agent = "Mozilla/5.0 (日本語) 🚀";
        byte[] bytes = agent.getBytes(StandardCharsets.UTF_8);

        String first = cache.get(bytes, 0, bytes.length);
        String second = cache.get(agent.toCharArray(), 0, agent.length());
        // The same bytes read as Latin-1 are other text, and must not hit the entry.
        char[] latin1 = new String(bytes, StandardCharsets.ISO_8859_1).toCharArray();
        String other = cache.get(latin1, 0, latin1.length);

        assertThat(first).isEqualTo(agent).isSameAs(second);
        assertThat(other).isEqualTo(new String(latin1)).isNotEqualTo(agent);
        assertThat(computed.get()).isEqualTo(2);
    }

    @Test
    void textLongerThanTheKeyBoundIsComputedButNotKept() {
        ValueCache<String> cache = new ValueCache<>(64, this::count);
        char[] longText = "x".repeat(ValueCache.MAX_KEY_CHARS + 1).toCharArray();

        cache.get(longText, 0, longText.length);
        cache.get(longText, 0, longText.length);

        assertThat(computed.get()).isEqualTo(2);
    }

    @Test
    void aSecondSightCacheKeepsAKeyOnlyFromItsSecondMiss() {
        ValueCache<String> cache = new ValueCache<>(64, true, this::count);
        char[] path = "/reviews/7".toCharArray();

        String first = cache.get(path, 0, path.length);
        String second = cache.get(path, 0, path.length);
        String third = cache.get(path, 0, path.length);

        assertThat(first).isEqualTo("/reviews/7").isNotSameAs(second);
        assertThat(third).isSameAs(second);
        assertThat(computed.get()).isEqualTo(2);
    }

    @Test
    void aConversionThatFailsIsTriedAgainEveryTime() {
        ValueCache<Integer> cache =
                new ValueCache<>(
                        64,
                        text -> {
                            computed.incrementAndGet();
                            return Integer.valueOf(text);
                        });
        char[] bad = "12x".toCharArray();

        for (int i = 0; i < 2; i++) {
            try {
                cache.get(bad, 0, bad.length);
            } catch (NumberFormatException expected) {
                // the answer without a cache too
            }
        }

        assertThat(computed.get()).isEqualTo(2);
        assertThat(cache.get("12".toCharArray(), 0, 2)).isEqualTo(12);
    }
}
