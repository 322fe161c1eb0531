package dev.fathom.collectors.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files kept open between reads give what a fresh read would: the current value, a missing value
 * once the file is gone, the new file once it is back. (On /proc and /sys a read at offset 0 makes
 * fresh content; {@code sysNetworkCountersFollowTheKernel} checks that on this machine.)
 */
class PolledFilesTest {

    @TempDir
    Path dir;

    @Test
    void readsTheCurrentValueEveryTimeAndFollowsAFileThatIsReplaced() throws Exception {
        Path file = dir.resolve("rx_bytes");
        Files.writeString(file, "12\n");
        try (PolledFiles files = new PolledFiles()) {
            assertThat(files.strictNumber(file)).isEqualTo(12.0);
            Files.writeString(file, "1234567\n"); // same inode, rewritten in place
            assertThat(files.strictNumber(file)).isEqualTo(1234567.0);
            assertThat(files.openFiles()).isEqualTo(1);

            Files.delete(file);
            Files.writeString(file, "5\n"); // a new file under the same name, as for a re-created device
            // The kept descriptor still reads the old file's last content; a regular file does not fail
            // the read, so this case is for sysfs (where a removed device's file answers ENODEV) ...
            files.endCycle();
            files.endCycle(); // ... and once a file is not read for a cycle it is closed and reopened.
            assertThat(files.openFiles()).isZero();
            assertThat(files.strictNumber(file)).isEqualTo(5.0);

            Files.delete(file);
            files.endCycle();
            files.endCycle();
            assertThat(files.strictNumber(file)).isNaN();
            assertThat(files.number(dir.resolve("absent"))).isNaN();
        }
    }

    @Test
    void parsesIntegersAsTheEarlierRegexDidAndRefusesTheRest() throws Exception {
        try (PolledFiles files = new PolledFiles()) {
            assertThat(files.strictNumber(write("a", "-1\n"))).isEqualTo(-1.0);
            assertThat(files.strictNumber(write("b", "  42  \n"))).isEqualTo(42.0);
            // Unsigned 64-bit counters past Long.MAX_VALUE.
            assertThat(files.strictNumber(write("c", "18446744073709551615\n"))).isEqualTo(1.8446744073709552E19);
            assertThat(files.strictNumber(write("d", "999999999999999999\n"))).isEqualTo(999999999999999999.0);
            Path bad = write("e", "12a\n");
            assertThatThrownBy(() -> files.strictNumber(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'12a' is not a number");
            assertThat(files.number(bad)).isNaN();
            Path empty = write("f", "\n");
            assertThatThrownBy(() -> files.strictNumber(empty)).isInstanceOf(IllegalArgumentException.class);
            // Larger than the first buffer: read whole.
            String big = "x".repeat(10_000) + "end";
            assertThat(files.text(write("g", big))).isEqualTo(big);
        }
    }

    @Test
    void sysNetworkCountersFollowTheKernel() throws Exception {
        Path counter = Path.of("/sys/class/net/lo/statistics/rx_packets");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(counter), "no /sys/class/net/lo on this machine");
        try (PolledFiles files = new PolledFiles()) {
            double before = files.strictNumber(counter);
            try (java.net.DatagramSocket socket = new java.net.DatagramSocket()) {
                byte[] data = new byte[1];
                for (int i = 0; i < 10; i++) {
                    socket.send(new java.net.DatagramPacket(data, 1, java.net.InetAddress.getLoopbackAddress(), 9));
                }
            }
            double after = files.strictNumber(counter);
            assertThat(files.openFiles()).isEqualTo(1);
            assertThat(after).isGreaterThanOrEqualTo(before + 10);
            // Other traffic on lo only moves it on: a fresh read is never behind the kept descriptor.
            assertThat(Double.parseDouble(Files.readString(counter).strip())).isGreaterThanOrEqualTo(after);
        }
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }
}
