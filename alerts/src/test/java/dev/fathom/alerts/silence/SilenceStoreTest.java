package dev.fathom.alerts.silence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.alerts.match.Matcher;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bounds on what API clients can make the service hold. Found by the 100,000-case fuzz run of
 * the silence API: a few hundred accepted silences of 20,000 matchers each filled a 1.5 GB heap.
 */
class SilenceStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    private static Silence silence(String id, int matchers, String comment, Duration length) {
        List<Matcher> list = new ArrayList<>();
        for (int i = 0; i < matchers; i++) {
            list.add(new Matcher("host", Matcher.Type.EQUAL, "gpu-" + i));
        }
        return new Silence(id, list, T0, T0.plus(length), "ops", comment, null);
    }

    @Test
    void aSilenceWithTooManyMatchersOrTooMuchTextIsRefusedSayingWhich() {
        SilenceStore store = new SilenceStore();
        assertThat(store.save(silence("", SilenceStore.MAX_MATCHERS, "c", Duration.ofHours(1)), T0).id()).isNotEmpty();
        assertThatThrownBy(() -> store.save(silence("", 20_000, "c", Duration.ofHours(1)), T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a silence has at most 100 matchers; this one has 20000");
        assertThatThrownBy(() -> store.save(silence("", 1, "x".repeat(SilenceStore.MAX_TEXT_CHARS), Duration.ofHours(1)), T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hold at most 16384 characters together; this one has 16396");
        assertThat(store.all()).hasSize(1);
    }

    @Test
    void theNumberOfLiveSilencesIsBoundedAndExpiredOnesDoNotCount() {
        SilenceStore store = new SilenceStore();
        Silence first = store.save(silence("", 1, "c", Duration.ofHours(1)), T0);
        for (int i = 1; i < SilenceStore.MAX_LIVE; i++) {
            store.save(silence("", 1, "c", Duration.ofHours(1)), T0);
        }
        assertThatThrownBy(() -> store.save(silence("", 1, "one more", Duration.ofHours(1)), T0))
                .hasMessageContaining("already 10000 active or pending silences").hasMessageContaining("expire some first");
        // Updating a live one is not a new one.
        store.save(silence(first.id(), 2, "updated", Duration.ofHours(1)), T0);
        store.expire(first.id(), T0.plusSeconds(1));
        assertThat(store.save(silence("", 1, "fits again", Duration.ofHours(1)), T0.plusSeconds(1)).comment()).isEqualTo("fits again");
        assertThat(store.all()).hasSize(SilenceStore.MAX_LIVE + 1);
    }
}
