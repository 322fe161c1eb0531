package dev.fathom.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.alerts.config.AlertsConfig;
import dev.fathom.alerts.match.Matchers;
import dev.fathom.alerts.silence.Silence;
import dev.fathom.alerts.testing.MutableClock;
import dev.fathom.alerts.testing.RecordingHistory;
import dev.fathom.alerts.testing.TestConfigs;
import dev.fathom.model.alert.Alert;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status history (firing, silenced, inhibited, resolved) each alert goes through, with the
 * instant of each change: changes made by an input are recorded at once, changes made by time
 * alone (an alert's end, a silence's start or end, an inhibiting alert's end) at the first tick
 * at or after their instant, and a tick with nothing due records nothing.
 */
class AlertStatusHistoryTest {

    private static final Instant T0 = Instant.parse("2026-11-30T00:00:00Z");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    private final RecordingHistory history = new RecordingHistory();
    private AlertsEngine engine;

    @BeforeEach
    void start() {
        AlertsConfig config = TestConfigs.load(dir, """
                data_dir: state
                route:
                  receiver: none
                inhibit_rules:
                  - source_matchers: ['severity="critical"']
                    target_matchers: ['severity="warning"']
                    equal: [host]
                receivers:
                  - name: none
                """ + TestConfigs.FAST_DELIVERY);
        engine = new AlertsEngine(config, clock, history);
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    private static Alert alert(String host, String severity) {
        return Alert.firing(Map.of("alertname", "GpuTooHot", "host", host, "severity", severity), Map.of(), T0, "");
    }

    private Silence silence(String id, String matcher, Duration from, Duration to) {
        return engine.saveSilence(new Silence(id, Matchers.parseAll(List.of(matcher)), T0.plus(from), T0.plus(to), "ops", "test", null));
    }

    private void at(Duration sinceStart) {
        clock.set(T0.plus(sinceStart));
        engine.tick();
    }

    private List<String> events() {
        return history.events.stream()
                .map(e -> e.alert().label("host") + "/" + e.alert().label("severity") + " " + e.status() + " at +"
                        + Duration.between(T0, e.ts()).toMinutes() + "m")
                .toList();
    }

    @Test
    void timeAloneChangesAStatusAtTheFirstTickAtOrAfterItsInstant() {
        silence("", "host=\"gpu-1\"", Duration.ofMinutes(10), Duration.ofMinutes(20));
        engine.ingest(List.of(alert("gpu-1", "warning"), new Alert(alert("gpu-2", "warning").labels(), new TreeMap<>(), T0,
                T0.plus(Duration.ofMinutes(30)), "")), false);
        assertThat(events()).containsExactly("gpu-1/warning firing at +0m", "gpu-2/warning firing at +0m");

        at(Duration.ofMinutes(9));
        assertThat(events()).hasSize(2);
        at(Duration.ofMinutes(10));
        at(Duration.ofMinutes(15));
        at(Duration.ofMinutes(21));
        at(Duration.ofMinutes(29));
        at(Duration.ofMinutes(30));
        at(Duration.ofMinutes(40));
        assertThat(events()).containsExactly("gpu-1/warning firing at +0m", "gpu-2/warning firing at +0m",
                "gpu-1/warning silenced at +10m", "gpu-1/warning firing at +21m", "gpu-2/warning resolved at +30m");
    }

    @Test
    void updatingASilenceReleasesWhatItNoLongerMatchesAndMutesWhatItNowMatches() {
        engine.ingest(List.of(alert("gpu-1", "warning"), alert("gpu-2", "warning")), false);
        Silence s = silence("", "host=\"gpu-1\"", Duration.ZERO, Duration.ofHours(1));
        clock.set(T0.plus(Duration.ofMinutes(5)));
        silence(s.id(), "host=\"gpu-2\"", Duration.ZERO, Duration.ofHours(1));
        clock.set(T0.plus(Duration.ofMinutes(6)));
        engine.expireSilence(s.id());
        at(Duration.ofMinutes(7));
        assertThat(events()).containsExactly("gpu-1/warning firing at +0m", "gpu-2/warning firing at +0m",
                "gpu-1/warning silenced at +0m", "gpu-1/warning firing at +5m", "gpu-2/warning silenced at +5m",
                "gpu-2/warning firing at +6m");
    }

    @Test
    void aSourceSentLaterInhibitsItsTargetAndReleasesItWhenItEnds() {
        engine.ingest(List.of(alert("gpu-1", "warning"), alert("gpu-2", "warning")), false);
        clock.set(T0.plus(Duration.ofMinutes(2)));
        engine.ingest(List.of(new Alert(alert("gpu-1", "critical").labels(), new TreeMap<>(), T0.plus(Duration.ofMinutes(2)),
                T0.plus(Duration.ofMinutes(10)), "")), false);
        at(Duration.ofMinutes(5));
        at(Duration.ofMinutes(10));
        assertThat(events()).containsExactly("gpu-1/warning firing at +0m", "gpu-2/warning firing at +0m",
                "gpu-1/warning inhibited at +2m", "gpu-1/critical firing at +2m",
                "gpu-1/warning firing at +10m", "gpu-1/critical resolved at +10m");
    }
}
