package dev.fathom.dashboard.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ParentProcessWatchTest {

    @Test
    void firesOnceWhenTheWatchedProcessEnds() throws Exception {
        Process parent = new ProcessBuilder("sleep", "60").start();
        CountDownLatch gone = new CountDownLatch(1);
        try (ParentProcessWatch watch = new ParentProcessWatch(parent.pid(), Duration.ofMillis(100), gone::countDown)) {
            assertThat(gone.await(500, TimeUnit.MILLISECONDS)).as("fired while the process was alive").isFalse();

            parent.destroy();
            parent.waitFor();

            assertThat(gone.await(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void firesAtOnceForAProcessThatIsAlreadyGone() throws Exception {
        Process parent = new ProcessBuilder("true").start();
        parent.waitFor();
        CountDownLatch gone = new CountDownLatch(1);
        try (ParentProcessWatch watch = new ParentProcessWatch(parent.pid(), Duration.ofSeconds(1), gone::countDown)) {
            assertThat(gone.await(2, TimeUnit.SECONDS)).isTrue();
        }
    }
}
