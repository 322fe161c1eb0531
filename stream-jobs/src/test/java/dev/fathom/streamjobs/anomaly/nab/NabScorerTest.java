package dev.fathom.streamjobs.anomaly.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Reproduces NAB's published scores from NAB's own files (see src/test/resources/nab/SOURCE.txt). */
class NabScorerTest {

    static Path nab() throws URISyntaxException {
        return Paths.get(NabScorerTest.class.getResource("/nab/SOURCE.txt").toURI()).getParent();
    }

    /** Per-file rows of a published {@code <detector>_<profile>_scores.csv}, by file. */
    record Published(double threshold, double score, int tp, int tn, int fp, int fn, int total) {}

    static Map<String, Published> published(String detector, String profile) throws Exception {
        Map<String, Published> rows = new HashMap<>();
        List<String> lines = Files.readAllLines(nab().resolve(detector).resolve(detector + "_" + profile + "_scores.csv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",");
            if (c[2].isEmpty() || c[0].equals("Totals")) {
                continue;
            }
            rows.put(c[2], new Published(Double.parseDouble(c[3]), Double.parseDouble(c[4]), Integer.parseInt(c[5]),
                    Integer.parseInt(c[6]), Integer.parseInt(c[7]), Integer.parseInt(c[8]), Integer.parseInt(c[9])));
        }
        return rows;
    }

    static Stream<Arguments> windowedGaussianFiles() throws Exception {
        try (Stream<Path> files = Files.list(nab().resolve("windowedGaussian/realKnownCause"))) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            return names.stream().flatMap(name -> Stream.of("standard", "reward_low_FP_rate", "reward_low_FN_rate")
                    .map(profile -> Arguments.of(name, profile)));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("windowedGaussianFiles")
    void reproducesPublishedWindowedGaussianScores(String resultFile, String profile) throws Exception {
        String dataFile = "realKnownCause/" + resultFile.replaceFirst("^windowedGaussian_", "");
        NabSeries results = NabSeries.read(nab().resolve("windowedGaussian/realKnownCause").resolve(resultFile),
                "anomaly_score");
        List<NabWindow> windows = NabLabels.readWindows(nab().resolve("combined_windows.json")).get(dataFile);
        CostMatrix cost = NabProfiles.read(nab().resolve("profiles.json")).get(profile);
        double threshold = new ObjectMapper().readTree(nab().resolve("thresholds.json").toFile())
                .path("windowedGaussian").path(profile).path("threshold").asDouble();
        Published expected = published("windowedGaussian", profile).get(dataFile);
        assertThat(expected.threshold()).isEqualTo(threshold);

        FileScore actual = NabScorer.score(results.timestamps(), NabScorer.detections(results.values(), threshold),
                windows, cost);

        assertThat(actual.score()).isCloseTo(expected.score(), within(1e-6));
        assertThat(new int[] {actual.tp(), actual.tn(), actual.fp(), actual.fn(), actual.rows()})
                .containsExactly(expected.tp(), expected.tn(), expected.fp(), expected.fn(), expected.total());
    }

    @Test
    void normalisesPublishedTotalsOverTheSubsetAsTheScoreboardDoes() throws Exception {
        Map<String, List<NabWindow>> windows = NabLabels.readWindows(nab().resolve("combined_windows.json"));
        CostMatrix standard = NabProfiles.read(nab().resolve("profiles.json")).get("standard");
        double nullTotal = total(published("null", "standard"));
        // Every window missed: the null detector's total is -fnWeight per window.
        assertThat(nullTotal).isCloseTo(-NabLabels.windowCount(windows) * standard.fnWeight(), within(1e-9));

        double gaussian = NabScorer.normalise(total(published("windowedGaussian", "standard")), nullTotal,
                NabLabels.windowCount(windows), standard);
        double artime = NabScorer.normalise(total(published("ARTime", "standard")), nullTotal,
                NabLabels.windowCount(windows), standard);
        assertThat(gaussian).isCloseTo(39.8, within(0.05));
        assertThat(artime).isCloseTo(77.0, within(0.05));
    }

    @Test
    void scaledSigmoidMatchesNabsDocumentedPoints() {
        assertThat(NabScorer.scaledSigmoid(-1.0)).isCloseTo(0.98661, within(1e-5));
        assertThat(NabScorer.scaledSigmoid(-0.5)).isCloseTo(0.84828, within(1e-5));
        assertThat(NabScorer.scaledSigmoid(0.0)).isCloseTo(0.0, within(1e-12));
        assertThat(NabScorer.scaledSigmoid(1.0)).isCloseTo(-0.98661, within(1e-5));
        assertThat(NabScorer.scaledSigmoid(3.0)).isEqualTo(-1.0);
    }

    private static double total(Map<String, Published> rows) {
        return rows.values().stream().mapToDouble(Published::score).sum();
    }

}
