package dev.ecivk.testing.cluster;

/**
 * What the cluster's other Pod writer ({@link Behaviour#FOREIGN_POD_WRITES}) adds to every bound Pod, so that a test
 * can check that a component kept it: a label and an annotation {@code LABEL}/{@code ANNOTATION} = {@code VALUE}, a
 * non-controller owner reference to the ConfigMap {@code OWNER_NAME}, and the condition {@code CONDITION=True}.
 */
public final class ForeignWrites {
    public static final String LABEL = "auditor.example.com/audited";
    public static final String ANNOTATION = "auditor.example.com/audited-by";
    public static final String VALUE = "pod-auditor";
    public static final String OWNER_NAME = "pod-auditor";
    public static final String CONDITION = "auditor.example.com/Passed";

    private ForeignWrites() {}
}
