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

    // Appended by the collectors issue.
    public static final String PROCESS_PID = "process.pid";
    public static final String PROCESS_EXECUTABLE_NAME = "process.executable.name";
    /** Why a value is what it is: throttle reason, ECC error type... */
    public static final String REASON = "reason";
    public static final String ERROR_TYPE = "error.type";
    public static final String ECC_COUNTER = "ecc.counter";
    public static final String CAUSE = "cause";
    public static final String PORT = "port";
    public static final String MOUNTPOINT = "mountpoint";
    public static final String FILESYSTEM_TYPE = "type";
    public static final String STATE = "state";
    public static final String NFS_OPERATION = "nfs.operation";
    public static final String K8S_CONTAINER = "k8s.container.name";

    private AttributeKeys() {}
}
