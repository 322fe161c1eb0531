package dev.fathom.dashboard.node;

import dev.fathom.dashboard.time.TimeRange;
import dev.fathom.model.AttributeKeys;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.query.NodeQueries;
import dev.fathom.storage.query.SeriesPoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@link NodeData} over storage's {@link NodeQueries}. */
public class ClickHouseNodeData implements NodeData {

    /** Labels that say where the host is or what the GPU is, not which device: left out of series names. */
    static final Set<String> NOT_DEVICE = Set.of(AttributeKeys.HOST_NAME, AttributeKeys.CLUSTER, AttributeKeys.SERVICE_NAME,
            AttributeKeys.GPU_UUID, AttributeKeys.GPU_MODEL, AttributeKeys.GPU_PCI_BUS_ID, AttributeKeys.K8S_NAMESPACE,
            AttributeKeys.K8S_POD, AttributeKeys.TEAM, AttributeKeys.PROJECT);

    private final NodeQueries queries;

    public ClickHouseNodeData(ClickHouseHttp clickhouse) {
        this.queries = new NodeQueries(clickhouse);
    }

    @Override
    public List<String> hosts(TimeRange.Window window) {
        return queries.hosts(window.closed());
    }

    @Override
    public List<MetricUnit> metrics(String host, TimeRange.Window window) {
        return queries.metrics(host, window.closed()).stream().map(m -> new MetricUnit(m.metric(), m.unit())).toList();
    }

    @Override
    public List<SeriesPoint> series(String host, String metric, boolean counter, TimeRange.Window window, Duration step) {
        List<SeriesPoint> points = new ArrayList<>();
        long previousSeries = 0;
        boolean first = true;
        double previousValue = 0;
        long previousMs = 0;
        for (NodeQueries.DeviceStep s : queries.deviceSteps(host, metric, window.closed(), step)) {
            String name = name(s.labels());
            if (!counter) {
                points.add(new SeriesPoint(name, s.time(), s.mean()));
                continue;
            }
            if (!first && s.seriesId() == previousSeries && s.lastMs() > previousMs && s.last() >= previousValue) {
                points.add(new SeriesPoint(name, s.time(), (s.last() - previousValue) * 1000.0 / (s.lastMs() - previousMs)));
            }
            first = false;
            previousSeries = s.seriesId();
            previousValue = s.last();
            previousMs = s.lastMs();
        }
        return points;
    }

    /** A series' name from its device labels, in label-key order ("GPU 0", "GPU 0 MIG 3", "eth0 receive"). */
    static String name(Map<String, String> labels) {
        StringBuilder name = new StringBuilder();
        labels.forEach((key, value) -> {
            if (!NOT_DEVICE.contains(key)) {
                String prefix = key.equals(AttributeKeys.GPU_INDEX) ? "GPU " : key.equals(AttributeKeys.MIG_INSTANCE) ? "MIG " : "";
                name.append(name.isEmpty() ? "" : " ").append(prefix).append(value);
            }
        });
        return name.isEmpty() ? "total" : name.toString();
    }
}
