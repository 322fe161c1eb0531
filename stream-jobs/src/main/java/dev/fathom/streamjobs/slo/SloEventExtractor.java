package dev.fathom.streamjobs.slo;

import dev.fathom.model.Point;
import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/** Turns points into events of the SLOs that read them (a point may feed several SLOs). */
public final class SloEventExtractor implements FlatMapFunction<Point, SloEvent> {

    private final List<SloDefinition> slos;

    public SloEventExtractor(List<SloDefinition> slos) {
        this.slos = List.copyOf(slos);
    }

    @Override
    public void flatMap(Point p, Collector<SloEvent> out) {
        for (SloDefinition slo : slos) {
            double[] e = slo.indicator().events(p);
            if (e != null) {
                out.collect(new SloEvent(slo.name(), p.timeMillis(), e[1] - e[0], e[2]));
            }
        }
    }
}
