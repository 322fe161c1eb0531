package dev.fathom.streamjobs.anomaly.nab;

import dev.fathom.streamjobs.anomaly.AnomalyDetector;
import dev.fathom.streamjobs.anomaly.DetectorState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The detector's throughput on one thread: points per second over the corpus, after a warm-up pass. */
final class NabThroughput {

    private NabThroughput() {}

    static double pointsPerSecond(Path dataDir, Collection<String> files, AnomalyDetector.Settings settings,
            int passes) throws IOException {
        List<NabSeries> series = new ArrayList<>();
        for (String file : files) {
            series.add(NabSeries.read(dataDir.resolve(file), "value"));
        }
        AnomalyDetector detector = new AnomalyDetector(settings);
        long sink = pass(detector, series);
        long points = 0;
        long start = System.nanoTime();
        for (int p = 0; p < passes; p++) {
            points += pass(detector, series);
        }
        long nanos = System.nanoTime() - start;
        return sink > 0 ? points * 1e9 / nanos : 0;
    }

    private static long pass(AnomalyDetector detector, List<NabSeries> series) {
        long points = 0;
        for (NabSeries s : series) {
            DetectorState state = detector.newState();
            long[] times = s.epochMillis();
            for (int i = 0; i < s.size(); i++) {
                detector.update(state, times[i], s.values()[i]);
            }
            points += s.size();
        }
        return points;
    }
}
