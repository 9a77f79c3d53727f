package dev.ecivk.simulator.huawei;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Servers, jobs and flavors as Huawei Cloud ECS renders them (field names and types the official SDK reads). */
final class ServerJson {
    private ServerJson() {}

    static String time(Instant t) {
        return t == null ? null : DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    private static String jobTime(Instant t) {
        return t == null ? null : DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.MILLIS));
    }

    static Map<String, Object> server(SimServer s, HuaweiSimSettings settings) {
        Map<String, Object> m = new LinkedHashMap<>();
        ServerSpec spec = s.spec;
        m.put("id", s.id);
        m.put("name", s.name);
        m.put("status", s.status);
        m.put("created", time(s.created));
        m.put("updated", time(s.updated));
        m.put("OS-EXT-AZ:availability_zone", spec.zone());
        m.put("flavor", flavorRef(spec.flavor()));
        m.put("image", Map.of("id", spec.imageRef()));
        if (s.ip != null) {
            Map<String, Object> address = new LinkedHashMap<>();
            address.put("version", "4");
            address.put("addr", s.ip);
            address.put("OS-EXT-IPS:type", "fixed");
            address.put("OS-EXT-IPS-MAC:mac_addr", s.mac);
            address.put("OS-EXT-IPS:port_id", s.portId);
            address.put("primary", true);
            m.put("addresses", Map.of(spec.vpcId(), List.of(address)));
            Map<String, Object> nic = new LinkedHashMap<>();
            nic.put("port_id", s.portId);
            nic.put("primary", true);
            nic.put("ip_addresses", List.of(s.ip));
            nic.put("subnet_id", spec.subnetId());
            m.put("network_interfaces", List.of(nic));
        } else {
            m.put("addresses", Map.of());
        }
        List<Map<String, Object>> groups = new ArrayList<>();
        spec.securityGroups()
                .forEach(g -> groups.add(Map.of("id", g, "name", "sg-" + g.substring(0, Math.min(8, g.length())))));
        m.put("security_groups", groups);
        m.put("metadata", metadata(s, settings));
        List<String> tags = new ArrayList<>();
        s.tags.forEach((k, v) -> tags.add(k + "=" + v));
        m.put("tags", tags);
        m.put("sys_tags", List.of(Map.of("key", "_sys_enterprise_project_id", "value", "0")));
        m.put("enterprise_project_id", "0");
        m.put("OS-EXT-STS:task_state", s.taskState);
        m.put("OS-EXT-STS:vm_state", vmState(s.status));
        m.put(
                "OS-EXT-STS:power_state",
                s.status.equals(SimServer.ACTIVE) ? 1 : s.status.equals(SimServer.SHUTOFF) ? 4 : 0);
        m.put("progress", s.status.equals(SimServer.BUILD) ? 0 : 100);
        m.put("OS-SRV-USG:launched_at", time(s.launchedAt));
        m.put("OS-SRV-USG:terminated_at", time(s.terminatedAt));
        if (s.fault != null) {
            m.put("fault", s.fault);
        }
        m.put("locked", s.locked);
        m.put("tenant_id", settings.projectId());
        m.put("user_id", "0f1e2d3c4b5a69788796a5b4c3d2e1f0");
        m.put("hostId", Integer.toHexString(spec.zone().hashCode()));
        m.put("OS-EXT-SRV-ATTR:hostname", s.name.toLowerCase(java.util.Locale.ROOT));
        m.put("OS-EXT-SRV-ATTR:instance_name", "instance-" + s.id.substring(0, 8));
        m.put("key_name", null);
        m.put("description", spec.description() == null ? "" : spec.description());
        Map<String, Object> volume = new LinkedHashMap<>();
        volume.put("id", "vol-" + s.id.substring(4));
        volume.put("delete_on_termination", "true");
        volume.put("bootIndex", "0");
        volume.put("device", "/dev/vda");
        m.put("os-extended-volumes:volumes_attached", List.of(volume));
        return m;
    }

    /** A server as the admin API dumps it: state, placement and tags; the user data only by its size. */
    static Map<String, Object> adminView(SimServer s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id);
        m.put("name", s.name);
        m.put("status", s.status);
        m.put("taskState", s.taskState);
        m.put("zone", s.spec.zone());
        m.put("flavor", s.spec.flavor().id());
        m.put("ip", s.ip);
        m.put("tags", s.tags);
        m.put("userDataBytes", s.spec.userData() == null ? 0 : s.spec.userData().length());
        m.put("locked", s.locked);
        m.put("booted", s.boot != null);
        return m;
    }

    /** The entry of an id the batch query does not know: only {@code id} and {@code fault}. */
    static Map<String, Object> unknownServer(String id, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("fault", fault(404, "Instance " + id + " could not be found.", now));
        return m;
    }

    static Map<String, Object> fault(int code, String message, Instant created) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("code", code);
        f.put("message", message);
        f.put("details", message);
        f.put("created", time(created));
        return f;
    }

    private static Map<String, Object> flavorRef(SimFlavor f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.id());
        m.put("name", f.id());
        m.put("disk", "0");
        m.put("vcpus", Integer.toString(f.vcpus()));
        m.put("ram", Integer.toString(f.ramMiB()));
        return m;
    }

    private static Map<String, Object> metadata(SimServer s, HuaweiSimSettings settings) {
        Map<String, Object> m = new LinkedHashMap<>(s.spec.metadata());
        m.put("charging_mode", s.spec.spot() ? "2" : "0");
        m.put("vpc_id", s.spec.vpcId());
        m.put("metering.image_id", s.spec.imageRef());
        m.put("metering.imagetype", "private");
        m.put("metering.resourcespeccode", s.spec.flavor().id() + ".linux");
        m.put("metering.resourcetype", "1");
        m.put("image_name", "ecivk-agent");
        m.put("os_type", "Linux");
        m.put("os_bit", "64");
        m.put("EcmResStatus", s.locked ? "freeze" : "normal");
        m.put("region", settings.region());
        return m;
    }

    private static String vmState(String status) {
        return switch (status) {
            case SimServer.BUILD -> "building";
            case SimServer.ACTIVE -> "active";
            case SimServer.SHUTOFF -> "stopped";
            case SimServer.ERROR -> "error";
            case SimServer.DELETED -> "deleted";
            default -> "building";
        };
    }

    static Map<String, Object> job(SimJob j) {
        Map<String, Object> m = new LinkedHashMap<>();
        String status = j.status();
        m.put("status", status);
        List<Map<String, Object>> subs = new ArrayList<>();
        for (SimJob.SubJob s : j.subJobs) {
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("status", s.status);
            Map<String, Object> entities = new LinkedHashMap<>();
            if (s.serverKnown) {
                entities.put("server_id", s.serverId);
            }
            if (s.failReason != null) {
                entities.put("errorcode_message", s.failReason);
            }
            sm.put("entities", entities);
            sm.put("job_id", s.id);
            sm.put("job_type", s.type);
            sm.put("begin_time", jobTime(s.begin));
            sm.put("end_time", jobTime(s.end));
            sm.put("error_code", s.errorCode);
            sm.put("fail_reason", s.failReason);
            subs.add(sm);
        }
        Map<String, Object> entities = new LinkedHashMap<>();
        entities.put("sub_jobs_total", subs.size());
        entities.put("sub_jobs", subs);
        m.put("entities", entities);
        m.put("job_id", j.id);
        m.put("job_type", j.type);
        m.put("begin_time", jobTime(j.begin));
        m.put("end_time", jobTime(j.end()));
        SimJob.SubJob failed = status.equals(SimJob.FAIL) ? j.firstFailure() : null;
        m.put("error_code", failed == null ? null : failed.errorCode);
        m.put("fail_reason", failed == null ? null : failed.failReason);
        return m;
    }

    static Map<String, Object> flavor(SimFlavor f, List<String> zones) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.id());
        m.put("name", f.id());
        m.put("vcpus", Integer.toString(f.vcpus()));
        m.put("ram", f.ramMiB());
        m.put("disk", "0");
        m.put("swap", "");
        m.put("OS-FLV-EXT-DATA:ephemeral", 0);
        m.put("OS-FLV-DISABLED:disabled", false);
        m.put("rxtx_factor", 1.0);
        m.put("os-flavor-access:is_public", true);
        m.put("links", List.of());
        Map<String, Object> specs = new LinkedHashMap<>();
        specs.put("ecs:performancetype", f.performanceType());
        specs.put("ecs:generation", f.generation());
        specs.put("ecs:virtualization_env_types", "CloudCompute");
        specs.put("resource_type", "IOoptimized" + f.generation().toUpperCase(java.util.Locale.ROOT));
        specs.put("cond:operation:status", f.status());
        List<String> perZone = new ArrayList<>();
        zones.forEach(z -> perZone.add(z + "(" + f.statusIn(z) + ")"));
        specs.put("cond:operation:az", String.join(",", perZone));
        if (f.gpuAlias() != null) {
            specs.put("pci_passthrough:enable_gpu", "true");
            specs.put("pci_passthrough:alias", f.gpuAlias());
        }
        m.put("os_extra_specs", specs);
        return m;
    }
}
