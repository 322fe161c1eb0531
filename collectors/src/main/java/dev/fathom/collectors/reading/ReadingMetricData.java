package dev.fathom.collectors.reading;

import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.data.Data;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.resources.Resource;

/** The SDK's metric data shape for readings; the SDK has no public factory for it. */
final class ReadingMetricData implements MetricData {

    private final Resource resource;
    private final InstrumentationScopeInfo scope;
    private final String name;
    private final String unit;
    private final MetricDataType type;
    private final Data<?> data;

    ReadingMetricData(Resource resource, InstrumentationScopeInfo scope, String name, String unit,
            MetricDataType type, Data<?> data) {
        this.resource = resource;
        this.scope = scope;
        this.name = name;
        this.unit = unit;
        this.type = type;
        this.data = data;
    }

    @Override
    public Resource getResource() {
        return resource;
    }

    @Override
    public InstrumentationScopeInfo getInstrumentationScopeInfo() {
        return scope;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getDescription() {
        return "";
    }

    @Override
    public String getUnit() {
        return unit;
    }

    @Override
    public MetricDataType getType() {
        return type;
    }

    @Override
    public Data<?> getData() {
        return data;
    }

    @Override
    public String toString() {
        return "ReadingMetricData{name=" + name + ", unit=" + unit + ", type=" + type + ", data=" + data + "}";
    }
}
