package dev.ecivk.simulator;

import com.fasterxml.jackson.databind.util.RawValue;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A group as DescribeContainerGroups returns it (eci-api.md §4.1–§4.13), field names exactly as ECI's. */
final class GroupJson {
    private static final DateTimeFormatter RFC3339 =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private GroupJson() {}

    static String time(Instant t) {
        return t == null ? null : RFC3339.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    /** The group as raw JSON, re-rendered only when the group changed or a readiness flipped. */
    static RawValue renderCached(SimGroup g, Instant now) {
        synchronized (g) {
            return g.renders.get("ContainerGroup", g.version(), g.readyMask(now), () -> render(g, now));
        }
    }

    static Map<String, Object> render(SimGroup g, Instant now) {
        synchronized (g) {
            Map<String, Object> m = new LinkedHashMap<>();
            FlatParams.Node s = g.spec;
            m.put("ContainerGroupId", g.id);
            m.put("ContainerGroupName", g.name);
            m.put("RegionId", g.regionId);
            m.put("ZoneId", g.zoneId);
            m.put("VpcId", "vpc-sim-" + g.zoneId);
            m.put("VSwitchId", g.vSwitchId);
            m.put("SecurityGroupId", g.securityGroupId);
            m.put("EniInstanceId", "eni-" + g.id.substring(4));
            m.put("IntranetIp", g.intranetIp);
            m.put("InternetIp", "");
            m.put("Ipv6Address", "");
            m.put("Status", g.status());
            m.put("RestartPolicy", g.restartPolicy);
            m.put("Cpu", g.cpu());
            m.put("Memory", g.memory());
            m.put("InstanceType", g.instanceType == null ? nz(s.str("InstanceType")) : g.instanceType.name());
            m.put("EphemeralStorage", s.integer("EphemeralStorage") == null ? 0 : s.integer("EphemeralStorage"));
            m.put("SpotStrategy", s.str("SpotStrategy") == null ? "NoSpot" : s.str("SpotStrategy"));
            m.put("RamRoleName", nz(s.str("RamRoleName")));
            m.put("ResourceGroupId", nz(s.str("ResourceGroupId")));
            m.put("CreationTime", time(g.creationTime));
            m.put("SucceededTime", nz(time(g.succeededTime())));
            m.put("FailedTime", nz(time(g.failedTime())));
            m.put("ExpiredTime", nz(time(g.expiredTime())));
            Set<Integer> ports = g.declaredPorts();
            List<Object> containers = new ArrayList<>();
            for (SimContainer c : g.containers()) {
                containers.add(container(c, now, ports, "Commands"));
            }
            m.put("Containers", containers);
            List<Object> inits = new ArrayList<>();
            for (SimContainer c : g.initContainers()) {
                inits.add(container(c, now, ports, "Command"));
            }
            m.put("InitContainers", inits);
            m.put("Volumes", volumes(s));
            List<Object> events = new ArrayList<>();
            for (GroupEventLog.Event e : g.events()) {
                Map<String, Object> em = new LinkedHashMap<>();
                em.put("Count", e.count);
                em.put("Type", e.type);
                em.put("Reason", e.reason);
                em.put("Message", e.message);
                em.put("Name", e.name);
                em.put("FirstTimestamp", time(e.first));
                em.put("LastTimestamp", time(e.last));
                events.add(em);
            }
            m.put("Events", events);
            List<Object> tags = new ArrayList<>();
            g.tags().forEach((k, v) -> tags.add(Map.of("Key", k, "Value", v)));
            m.put("Tags", tags);
            FlatParams.Node dns = s.child("DnsConfig");
            Map<String, Object> dnsOut = new LinkedHashMap<>();
            dnsOut.put("NameServers", dns == null ? List.of() : dns.strings("NameServer"));
            dnsOut.put("Searches", dns == null ? List.of() : dns.strings("Search"));
            List<Object> options = new ArrayList<>();
            if (dns != null) {
                for (FlatParams.Node o : dns.nodes("Option")) {
                    options.add(nameValue(o));
                }
            }
            dnsOut.put("Options", options);
            m.put("DnsConfig", dnsOut);
            List<Object> aliases = new ArrayList<>();
            for (FlatParams.Node a : s.nodes("HostAliase")) {
                aliases.add(Map.of("Ip", nz(a.str("Ip")), "Hostnames", a.strings("Hostname")));
            }
            m.put("HostAliases", aliases);
            List<Object> sysctls = new ArrayList<>();
            FlatParams.Node sc = s.child("SecurityContext");
            if (sc != null) {
                for (FlatParams.Node o : sc.nodes("Sysctl")) {
                    sysctls.add(nameValue(o));
                }
            }
            m.put("EciSecurityContext", Map.of("Sysctls", sysctls));
            return m;
        }
    }

    private static Map<String, Object> nameValue(FlatParams.Node o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Name", nz(o.str("Name")));
        m.put("Value", nz(o.str("Value")));
        return m;
    }

    private static Map<String, Object> container(SimContainer c, Instant now, Set<Integer> ports, String commandKey) {
        FlatParams.Node s = c.spec;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Name", c.name);
        m.put("Image", c.image);
        m.put("Cpu", s.number("Cpu") == null ? 0.0 : s.number("Cpu"));
        m.put("Memory", s.number("Memory") == null ? 0.0 : s.number("Memory"));
        m.put("Gpu", s.integer("Gpu") == null ? 0 : s.integer("Gpu"));
        m.put(commandKey, s.strings("Command"));
        m.put("Args", s.strings("Arg"));
        m.put("WorkingDir", nz(s.str("WorkingDir")));
        m.put("ImagePullPolicy", nz(s.str("ImagePullPolicy")));
        List<Object> env = new ArrayList<>();
        for (FlatParams.Node e : s.nodes("EnvironmentVar")) {
            Map<String, Object> em = new LinkedHashMap<>();
            em.put("Key", e.str("Key"));
            em.put("Value", nz(e.str("Value")));
            FlatParams.Node ref = e.child("FieldRef");
            if (ref != null && ref.str("FieldPath") != null) {
                em.put("ValueFrom", Map.of("FieldRef", Map.of("FieldPath", ref.str("FieldPath"))));
            }
            env.add(em);
        }
        m.put("EnvironmentVars", env);
        List<Object> portList = new ArrayList<>();
        for (FlatParams.Node p : s.nodes("Port")) {
            portList.add(Map.of(
                    "Port", p.integer("Port"), "Protocol", p.str("Protocol") == null ? "TCP" : p.str("Protocol")));
        }
        m.put("Ports", portList);
        List<Object> mounts = new ArrayList<>();
        for (FlatParams.Node vm : s.nodes("VolumeMount")) {
            Map<String, Object> mm = new LinkedHashMap<>();
            mm.put("Name", vm.str("Name"));
            mm.put("MountPath", vm.str("MountPath"));
            mm.put("ReadOnly", Boolean.TRUE.equals(vm.bool("ReadOnly")));
            mm.put("SubPath", nz(vm.str("SubPath")));
            mm.put("MountPropagation", vm.str("MountPropagation") == null ? "None" : vm.str("MountPropagation"));
            mounts.add(mm);
        }
        m.put("VolumeMounts", mounts);
        if (!c.init) {
            m.put("LivenessProbe", probe(s.child("LivenessProbe")));
            m.put("ReadinessProbe", probe(s.child("ReadinessProbe")));
        }
        FlatParams.Node sec = s.child("SecurityContext");
        Map<String, Object> secOut = new LinkedHashMap<>();
        FlatParams.Node cap = sec == null ? null : sec.child("Capability");
        secOut.put("Capability", Map.of("Adds", cap == null ? List.of() : cap.strings("Add")));
        secOut.put("RunAsUser", sec == null || sec.longValue("RunAsUser") == null ? 0L : sec.longValue("RunAsUser"));
        secOut.put("ReadOnlyRootFilesystem", sec != null && Boolean.TRUE.equals(sec.bool("ReadOnlyRootFilesystem")));
        m.put("SecurityContext", secOut);
        m.put("Stdin", Boolean.TRUE.equals(s.bool("Stdin")));
        m.put("StdinOnce", Boolean.TRUE.equals(s.bool("StdinOnce")));
        m.put("Tty", Boolean.TRUE.equals(s.bool("Tty")));
        m.put("CurrentState", state(ShownState.current(c)));
        ShownState previous = ShownState.previous(c);
        m.put("PreviousState", previous == null ? Map.of() : state(previous));
        m.put("RestartCount", c.restartCount);
        m.put("Ready", c.ready(now, ports));
        return m;
    }

    /** {@code CurrentState}/{@code PreviousState} as eci-api.md §4.3 spells them. */
    private static Map<String, Object> state(ShownState s) {
        Map<String, Object> m = new LinkedHashMap<>();
        switch (s.kind()) {
            case WAITING -> {
                m.put("State", "Waiting");
                m.put("DetailStatus", "");
                m.put("Reason", s.reason());
                m.put("Message", s.message());
            }
            case RUNNING -> {
                m.put("State", "Running");
                m.put("DetailStatus", "working");
                m.put("Reason", s.reason());
                m.put("StartTime", time(s.start()));
            }
            case TERMINATED -> {
                m.put("State", "Terminated");
                m.put("DetailStatus", "");
                m.put("Reason", s.reason());
                m.put("Message", s.message());
                m.put("ExitCode", s.exitCode());
                m.put("Signal", s.signal());
                m.put("StartTime", time(s.start()));
                m.put("FinishTime", time(s.end()));
            }
        }
        return m;
    }

    private static Map<String, Object> probe(FlatParams.Node p) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (p == null) {
            return m;
        }
        FlatParams.Node exec = p.child("Exec");
        if (exec != null) {
            m.put("Execs", exec.strings("Command"));
        }
        FlatParams.Node http = p.child("HttpGet");
        if (http != null) {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("Path", nz(http.str("Path")));
            h.put("Port", http.integer("Port"));
            h.put("Scheme", http.str("Scheme") == null ? "HTTP" : http.str("Scheme"));
            m.put("HttpGet", h);
        }
        FlatParams.Node tcp = p.child("TcpSocket");
        if (tcp != null) {
            m.put("TcpSocket", Map.of("Port", tcp.integer("Port"), "Host", ""));
        }
        m.put("InitialDelaySeconds", SimContainer.orDefault(p.integer("InitialDelaySeconds"), 0));
        m.put("PeriodSeconds", SimContainer.orDefault(p.integer("PeriodSeconds"), 10));
        m.put("TimeoutSeconds", SimContainer.orDefault(p.integer("TimeoutSeconds"), 1));
        m.put("SuccessThreshold", SimContainer.orDefault(p.integer("SuccessThreshold"), 1));
        m.put("FailureThreshold", SimContainer.orDefault(p.integer("FailureThreshold"), 3));
        return m;
    }

    private static List<Object> volumes(FlatParams.Node s) {
        List<Object> out = new ArrayList<>();
        for (FlatParams.Node v : s.nodes("Volume")) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Name", v.str("Name"));
            m.put("Type", v.str("Type"));
            FlatParams.Node nfs = v.child("NFSVolume");
            if (nfs != null) {
                m.put("NFSVolumeServer", nz(nfs.str("Server")));
                m.put("NFSVolumePath", nz(nfs.str("Path")));
                m.put("NFSVolumeReadOnly", Boolean.TRUE.equals(nfs.bool("ReadOnly")));
            }
            FlatParams.Node cfg = v.child("ConfigFileVolume");
            if (cfg != null) {
                List<Object> files = new ArrayList<>();
                for (FlatParams.Node f : cfg.nodes("ConfigFileToPath")) {
                    files.add(Map.of("Path", nz(f.str("Path")), "Content", nz(f.str("Content"))));
                }
                m.put("ConfigFileVolumeConfigFileToPaths", files);
            }
            FlatParams.Node disk = v.child("DiskVolume");
            if (disk != null) {
                m.put("DiskVolumeDiskId", nz(disk.str("DiskId")));
                m.put("DiskVolumeFsType", nz(disk.str("FsType")));
            }
            FlatParams.Node flex = v.child("FlexVolume");
            if (flex != null) {
                m.put("FlexVolumeDriver", nz(flex.str("Driver")));
                m.put("FlexVolumeFsType", nz(flex.str("FsType")));
                m.put("FlexVolumeOptions", nz(flex.str("Options")));
            }
            out.add(m);
        }
        return out;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
