package dev.fathom.cli.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RatePlotTest {

    static StepResult step(String system, int i, double rate, double p99) {
        return new StepResult(system, i, rate, rate, rate * 0.99, 0, -1, new Percentiles(100, p99 / 2, p99 * 0.9, p99, p99),
                Map.of(), Map.of(), 0, List.of(), new RampDecision(true, "held"), Map.of(), 1.0);
    }

    @Test
    void writesAPngWithBothSystemsLines(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("sub/plot.png");
        List<StepResult> fathom = List.of(step("fathom", 1, 25_000, 1.2), step("fathom", 2, 50_000, 1.5), step("fathom", 3, 100_000, 9));
        List<StepResult> prometheus = List.of(step("prometheus", 1, 25_000, 0.1), step("prometheus", 2, 50_000, 0.2));

        RatePlot.write(png, fathom, prometheus, 150_000, 50_000, 50_000, "test");

        assertThat(Files.size(png)).isGreaterThan(10_000);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(RatePlot.WIDTH);
        assertThat(image.getHeight()).isEqualTo(RatePlot.HEIGHT);
        assertThat(countPixels(image, 0x1f77b4)).as("Fathom's blue line").isGreaterThan(200);
        assertThat(countPixels(image, 0xd62728)).as("Prometheus' red line").isGreaterThan(200);
    }

    static int countPixels(BufferedImage image, int rgb) {
        int n = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }
}
