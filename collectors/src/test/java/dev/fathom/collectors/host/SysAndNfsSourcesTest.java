package dev.fathom.collectors.host;

import static dev.fathom.collectors.gpu.nvidiasmi.Fixtures.find;
import static dev.fathom.collectors.gpu.nvidiasmi.Fixtures.value;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.collectors.gpu.nvidiasmi.Fixtures;
import dev.fathom.collectors.reading.Reading;
import dev.fathom.model.MetricNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SysAndNfsSourcesTest {

    @Test
    void sysClassNetCountersAndLinkSpeed() throws Exception {
        Path sys = Fixtures.resource("sys");
        long eth0Received = Long.parseLong(Files.readString(sys.resolve("class/net/eth0/statistics/rx_bytes")).strip());
        SysNetworkSource source = new SysNetworkSource(sys);
        List<Reading> readings = source.read();
        assertThat(value(readings, MetricNames.NETWORK_IO, "device", "eth0", "direction", "receive")).isEqualTo(eth0Received);
        assertThat(value(readings, MetricNames.NETWORK_IO, "device", "ib0", "direction", "transmit")).isEqualTo(827364554433.0);
        assertThat(value(readings, MetricNames.NETWORK_DROPPED, "device", "ib0", "direction", "receive")).isEqualTo(17);
        assertThat(find(readings, MetricNames.NETWORK_IO)).allSatisfy(r -> assertThat(r.kind()).isEqualTo(Reading.Kind.COUNTER));
        // 100000 Mbit/s for ib0; the virtio NIC's -1 is no value at all.
        assertThat(value(readings, MetricNames.NETWORK_LINK_SPEED, "device", "ib0")).isEqualTo(100e9);
        assertThat(find(readings, MetricNames.NETWORK_LINK_SPEED, "device", "eth0")).isEmpty();
        assertThat(source.parseErrors()).isZero();
    }

    @Test
    void infinibandDataCountersAreFourByteWords() throws Exception {
        InfinibandSource source = new InfinibandSource(Fixtures.resource("sys"));
        List<Reading> readings = source.read();
        assertThat(value(readings, MetricNames.INFINIBAND_IO, "device", "mlx5_0", "port", "1", "direction", "receive"))
                .isEqualTo(229568411391.0 * 4);
        assertThat(value(readings, MetricNames.INFINIBAND_IO, "device", "mlx5_0", "port", "1", "direction", "transmit"))
                .isEqualTo(206841138608.0 * 4);
        assertThat(value(readings, MetricNames.INFINIBAND_PACKETS, "device", "mlx5_0", "direction", "receive")).isEqualTo(123456789);
        assertThat(value(readings, MetricNames.INFINIBAND_ERRORS, "device", "mlx5_0", "error.type", "port_xmit_discards")).isEqualTo(42);
        assertThat(value(readings, MetricNames.INFINIBAND_ERRORS, "device", "mlx5_0", "error.type", "link_downed")).isEqualTo(2);
        assertThat(value(readings, MetricNames.NETWORK_LINK_SPEED, "device", "mlx5_0/1")).isEqualTo(100e9);
        assertThat(value(readings, MetricNames.NETWORK_LINK_SPEED, "device", "mlx5_1/1")).isEqualTo(200e9);
        // mlx5_1: the good counter is kept, the garbage one skipped and counted.
        assertThat(value(readings, MetricNames.INFINIBAND_IO, "device", "mlx5_1", "direction", "receive")).isEqualTo(16);
        assertThat(find(readings, MetricNames.INFINIBAND_IO, "device", "mlx5_1", "direction", "transmit")).isEmpty();
        assertThat(source.parseErrors()).isEqualTo(1);
    }

    @Test
    void aMachineWithoutInfinibandReportsNothing() throws Exception {
        assertThat(new InfinibandSource(Fixtures.resource("proc")).read()).isEmpty();
    }

    @Test
    void nfsMountStats() throws Exception {
        NfsClientSource source = new NfsClientSource(Fixtures.resource("nfs"));
        List<Reading> readings = source.read();
        assertThat(value(readings, MetricNames.NFS_CLIENT_IO, "mountpoint", "/mnt/datasets", "direction", "read"))
                .isEqualTo(687194767360.0);
        assertThat(value(readings, MetricNames.NFS_CLIENT_IO, "mountpoint", "/mnt/datasets", "direction", "write"))
                .isEqualTo(21474836480.0);
        assertThat(value(readings, MetricNames.NFS_CLIENT_OPERATIONS, "mountpoint", "/mnt/datasets", "nfs.operation", "READ"))
                .isEqualTo(655360);
        assertThat(value(readings, MetricNames.NFS_CLIENT_RTT, "mountpoint", "/mnt/datasets", "nfs.operation", "WRITE"))
                .isEqualTo(163.84);
        // Operations never used (COMMIT: 0) make no series.
        assertThat(find(readings, MetricNames.NFS_CLIENT_OPERATIONS, "nfs.operation", "COMMIT")).isEmpty();
        // A mount point with a space, and its broken WRITE line skipped and counted.
        assertThat(value(readings, MetricNames.NFS_CLIENT_OPERATIONS, "mountpoint", "/home/shared dir", "nfs.operation", "READ"))
                .isEqualTo(10);
        assertThat(find(readings, MetricNames.NFS_CLIENT_OPERATIONS, "mountpoint", "/home/shared dir", "nfs.operation", "WRITE"))
                .isEmpty();
        assertThat(source.parseErrors()).isEqualTo(1);
        assertThat(find(readings, MetricNames.NFS_CLIENT_IO, "mountpoint", "/")).isEmpty();
    }

    @Test
    void fileSystemsOfThisMachineAddUpAndAreCachedBetweenRefreshes() throws Exception {
        FilesystemSource source = new FilesystemSource(Path.of("/proc"), Duration.ofMinutes(1), Clock.systemUTC());
        List<Reading> readings = source.read();
        var root = Files.getFileStore(Path.of("/"));
        double used = value(readings, MetricNames.FILESYSTEM_USAGE, "mountpoint", "/", "state", "used");
        double free = value(readings, MetricNames.FILESYSTEM_USAGE, "mountpoint", "/", "state", "free");
        double reserved = value(readings, MetricNames.FILESYSTEM_USAGE, "mountpoint", "/", "state", "reserved");
        assertThat(used + free + reserved).isEqualTo(root.getTotalSpace());
        assertThat(value(readings, MetricNames.FILESYSTEM_INODES_USAGE, "mountpoint", "/", "state", "used")).isPositive();
        assertThat(find(readings, MetricNames.FILESYSTEM_USAGE, "type", "proc")).isEmpty();
        assertThat(source.read()).isSameAs(readings);
    }
}
