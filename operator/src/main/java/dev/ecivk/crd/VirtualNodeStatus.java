package dev.ecivk.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the controller observed about a virtual node. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VirtualNodeStatus {
    public Long observedGeneration;
    public String nodeName;
    public List<Condition> conditions = new ArrayList<>();
    public PodCounts pods;

    /** ListUsage: vCPUs in use and the account's limit. */
    public Map<String, String> usage;

    /** The linked ECI VirtualNode (DescribeVirtualNodes) when spec.virtualNodeId is set. */
    public CloudVirtualNode cloud;

    /** The controller serving this VirtualNode and when it last reported. */
    public ServedBy servedBy;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class ServedBy {
        /** The install ({@code --install-name}) that serves it. */
        public String install;
        /** The controller process (its Pod's name in a cluster). */
        public String controller;
        /** When that controller last wrote this status (RFC 3339). */
        public String heartbeatTime;

        public ServedBy() {}

        public ServedBy(String install, String controller) {
            this.install = install;
            this.controller = controller;
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class PodCounts {
        public Integer total;
        public Integer pending;
        public Integer running;
        public Integer succeeded;
        public Integer failed;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class CloudVirtualNode {
        public String status;
        public String intranetIp;
        public List<String> events;
    }
}
