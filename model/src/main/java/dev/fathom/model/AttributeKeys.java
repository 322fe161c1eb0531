package dev.fathom.model;

/**
 * Attribute (label) keys Fathom reads and writes. Resource attributes say where a point comes
 * from; point attributes say which device on that host. Names follow OpenTelemetry semantic
 * conventions where one exists.
 */
public final class AttributeKeys {

    // Resource attributes
    public static final String HOST_NAME = "host.name";
    public static final String CLUSTER = "cluster";
    public static final String SERVICE_NAME = "service.name";
    public static final String K8S_NAMESPACE = "k8s.namespace.name";
    public static final String K8S_POD = "k8s.pod.name";
    public static final String TEAM = "team";
    public static final String PROJECT = "project";

    // GPU point attributes
    public static final String GPU_INDEX = "gpu.index";
    public static final String GPU_UUID = "gpu.uuid";
    public static final String GPU_MODEL = "gpu.model";
    public static final String GPU_PCI_BUS_ID = "gpu.pci_bus_id";
    public static final String MIG_PROFILE = "mig.profile";
    public static final String MIG_INSTANCE = "mig.instance";

    // Host device point attributes (OpenTelemetry hostmetrics receiver's names)
    public static final String DEVICE = "device";
    public static final String DIRECTION = "direction";

    // Owners (cost attribution)
    public static final String COST_CENTRE = "cost_centre";

    // Histogram bucket points: the bucket's upper bound in the normalised unit ("+Inf" last)
    public static final String LE = "le";

    private AttributeKeys() {}
}
