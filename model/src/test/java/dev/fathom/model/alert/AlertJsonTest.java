package dev.fathom.model.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertJsonTest {

    private static final Instant START = Instant.parse("2026-11-29T10:00:00Z");

    @Test
    void roundTripsAFiringAndAResolvedAlert() {
        Alert firing = Alert.firing(Map.of("alertname", "GpuTooHot", "host.name", "n1"),
                Map.of("summary", "GPU 3 at 91 °C"), START, "http://dash/timeline");
        Alert back = AlertJson.fromJson(AlertJson.toJson(firing));
        assertThat(back).isEqualTo(firing);
        assertThat(back.endsAt()).isNull();

        Alert resolved = AlertJson.fromJson(AlertJson.toJson(firing.resolvedAt(START.plusSeconds(60))));
        assertThat(resolved.endsAt()).isEqualTo(START.plusSeconds(60));
        assertThat(resolved.isResolvedAt(START.plusSeconds(61))).isTrue();
        assertThat(resolved.fingerprint()).isEqualTo(firing.fingerprint());
    }

    @Test
    void readsAlertmanagerTimesAndItsZeroEndTime() {
        Alert alert = AlertJson.fromJson("{\"labels\":{\"alertname\":\"X\"},\"startsAt\":\"2026-11-29T10:00:00.123+01:00\","
                + "\"endsAt\":\"0001-01-01T00:00:00Z\"}");
        assertThat(alert.startsAt()).isEqualTo(Instant.parse("2026-11-29T09:00:00.123Z"));
        assertThat(alert.endsAt()).isNull();
    }

    @Test
    void fingerprintDependsOnEveryLabelAndNotOnAnnotations() {
        Alert a = Alert.firing(Map.of("alertname", "A", "x", "bc"), Map.of(), START, "");
        Alert b = Alert.firing(Map.of("alertname", "A", "xb", "c"), Map.of(), START, "");
        Alert c = Alert.firing(Map.of("alertname", "A", "x", "bc"), Map.of("summary", "other"), START, "");
        assertThat(a.fingerprint()).hasSize(16).isNotEqualTo(b.fingerprint()).isEqualTo(c.fingerprint());
    }

    @Test
    void namesWhatIsWrongWithABadBody() {
        assertThatThrownBy(() -> AlertJson.fromJson("{\"labels\":{}}")).hasMessageContaining("alertname");
        assertThatThrownBy(() -> AlertJson.fromJson("[1]")).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> AlertJson.fromJson("{\"labels\":{\"alertname\":\"X\"},\"startsAt\":\"yesterday\"}"))
                .hasMessageContaining("startsAt").hasMessageContaining("yesterday");
        assertThatThrownBy(() -> AlertJson.fromJson("{not json")).hasMessageContaining("not valid JSON");
    }
}
