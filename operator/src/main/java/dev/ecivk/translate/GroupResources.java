package dev.ecivk.translate;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The container group's size. Kubernetes' effective Pod request is max(sum of containers, largest init
 * container); ECI wants one supported vCPU/memory combination, so the total is rounded up to one. The annotation
 * {@code k8s.aliyun.com/eci-use-specs} replaces that with the user's own choice.
 */
record GroupResources(Double cpu, Double memory, String instanceType, Integer ephemeralStorageGib) {

    static final String USE_SPECS = Annotations.PREFIX + "eci-use-specs";
    static final String EXTRA_STORAGE = Annotations.PREFIX + "eci-extra-ephemeral-storage";
    /**
     * The instance types (or flavors) of a VM-per-Pod backend to try, best first, in any cloud's naming (e.g.
     * {@code ecs.c7.large} or {@code s6.large.2}); {@code <cpu>-<mem>Gi} entries as in eci-use-specs. Takes
     * precedence over eci-use-specs.
     */
    static final String INSTANCE_TYPE = "ecivk.dev/instance-type";

    static final double DEFAULT_CPU = 2;
    static final double DEFAULT_MEMORY = 4;

    private static final Pattern CPU_MEM = Pattern.compile("(\\d+(?:\\.\\d+)?)-(\\d+(?:\\.\\d+)?)Gi");
    private static final Pattern INSTANCE_TYPE_ID = Pattern.compile("ecs\\.[a-z0-9-]+\\.[a-z0-9-]+");
    private static final Pattern ANY_CLOUD_TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    static GroupResources of(
            PodView pod,
            Map<String, ContainerResources> containers,
            Map<String, ContainerResources> initContainers,
            Findings findings) {
        double cpu = 0;
        double memory = 0;
        boolean declared = false;
        BigDecimal storage = BigDecimal.ZERO;
        for (ContainerResources r : containers.values()) {
            cpu += r.cpu() == null ? 0 : r.cpu();
            memory += r.memory() == null ? 0 : r.memory();
            declared |= r.cpu() != null || r.memory() != null;
            storage = r.ephemeralStorageBytes() == null ? storage : storage.add(r.ephemeralStorageBytes());
        }
        for (ContainerResources r : initContainers.values()) {
            cpu = Math.max(cpu, r.cpu() == null ? 0 : r.cpu());
            memory = Math.max(memory, r.memory() == null ? 0 : r.memory());
            declared |= r.cpu() != null || r.memory() != null;
            if (r.ephemeralStorageBytes() != null && r.ephemeralStorageBytes().compareTo(storage) > 0) {
                storage = r.ephemeralStorageBytes();
            }
        }
        if (pod.spec().getVolumes() != null) {
            for (var v : pod.spec().getVolumes()) {
                var size = VolumeTranslator.ephemeralVolumeSize(v);
                if (size != null) {
                    storage = storage.add(size.getNumericalAmount());
                }
            }
        }
        Integer storageGib = ephemeralStorage(pod, storage, findings);
        boolean gpu = containers.values().stream().anyMatch(r -> r.gpu() != null)
                || initContainers.values().stream().anyMatch(r -> r.gpu() != null);
        String instanceTypes = pod.annotations().get(INSTANCE_TYPE);
        if (instanceTypes != null) {
            return fromInstanceTypes(instanceTypes, storageGib, findings);
        }
        if (gpu && pod.annotations().get(USE_SPECS) == null) {
            findings.warn(
                    WarningReason.GpuWithoutInstanceType,
                    "pod: nvidia.com/gpu is requested but no GPU instance type is named; ECI only places GPUs on"
                            + " GPU instance types, set k8s.aliyun.com/eci-use-specs (e.g. ecs.gn6i-c4g1.xlarge)");
        }

        String useSpecs = pod.annotations().get(USE_SPECS);
        if (useSpecs != null) {
            return fromUseSpecs(useSpecs, cpu, memory, storageGib, findings);
        }
        if (!declared) {
            findings.warn(
                    WarningReason.DefaultResources,
                    "pod: no container declares cpu or memory; the container group gets ECI's default "
                            + fmt(DEFAULT_CPU) + " vCPU / " + fmt(DEFAULT_MEMORY)
                            + " GiB (set requests or limits, or k8s.aliyun.com/eci-use-specs)");
            return new GroupResources(DEFAULT_CPU, DEFAULT_MEMORY, null, storageGib);
        }
        SupportedSpecs.Spec spec = SupportedSpecs.roundUp(cpu, memory);
        if (spec == null) {
            findings.problem("pod: the containers need " + fmt(cpu) + " vCPU and " + fmt(memory)
                    + " GiB in total, more than the largest ECI specification; use k8s.aliyun.com/eci-use-specs"
                    + " with an instance type");
            return new GroupResources(null, null, null, storageGib);
        }
        return new GroupResources(spec.cpu(), spec.memory(), null, storageGib);
    }

    private static GroupResources fromUseSpecs(
            String value, double cpu, double memory, Integer storageGib, Findings findings) {
        String where = "annotation " + USE_SPECS;
        List<String> entries = new ArrayList<>();
        boolean invalid = false;
        for (String raw : value.split(",")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            if (!CPU_MEM.matcher(entry).matches()
                    && !INSTANCE_TYPE_ID.matcher(entry).matches()) {
                findings.problem(where + ": \"" + entry
                        + "\" is neither <vCPU>-<memory>Gi (e.g. 2-4Gi) nor an ECS instance type (e.g. ecs.c6.xlarge)");
                invalid = true;
                continue;
            }
            entries.add(entry);
        }
        if (entries.isEmpty()) {
            if (!invalid) {
                findings.problem(where + ": no specification given");
            }
            return new GroupResources(null, null, null, storageGib);
        }
        for (String entry : entries) {
            Matcher m = CPU_MEM.matcher(entry);
            if (m.matches()) {
                double c = Double.parseDouble(m.group(1));
                double mem = Double.parseDouble(m.group(2));
                if (c + 1e-9 < cpu || mem + 1e-9 < memory) {
                    findings.problem(where + ": " + entry + " is smaller than the containers' total of " + fmt(cpu)
                            + " vCPU and " + fmt(memory) + " GiB");
                }
            }
        }
        if (entries.size() == 1) {
            Matcher m = CPU_MEM.matcher(entries.get(0));
            if (m.matches()) {
                return new GroupResources(
                        Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), null, storageGib);
            }
        }
        return new GroupResources(null, null, String.join(",", entries), storageGib);
    }

    private static GroupResources fromInstanceTypes(String value, Integer storageGib, Findings findings) {
        List<String> entries = new ArrayList<>();
        for (String raw : value.split(",")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            if (!CPU_MEM.matcher(entry).matches()
                    && !ANY_CLOUD_TYPE.matcher(entry).matches()) {
                findings.problem("annotation " + INSTANCE_TYPE + ": \"" + entry
                        + "\" is neither an instance type (e.g. ecs.c7.large, s6.large.2) nor <vCPU>-<memory>Gi");
                continue;
            }
            entries.add(entry);
        }
        if (entries.isEmpty()) {
            findings.problem("annotation " + INSTANCE_TYPE + ": no instance type given");
            return new GroupResources(null, null, null, storageGib);
        }
        return new GroupResources(null, null, String.join(",", entries), storageGib);
    }

    private static Integer ephemeralStorage(PodView pod, BigDecimal summedBytes, Findings findings) {
        int fromContainers = summedBytes.signum() == 0 ? 0 : Quantities.wholeGib(summedBytes);
        int fromAnnotation = 0;
        String extra = pod.annotations().get(EXTRA_STORAGE);
        if (extra != null) {
            var q = Quantities.parse(extra.trim());
            if (q == null || q.getNumericalAmount().signum() <= 0) {
                findings.problem(
                        "annotation " + EXTRA_STORAGE + ": \"" + extra + "\" is not a positive quantity (e.g. 50Gi)");
            } else {
                fromAnnotation = Quantities.wholeGib(q.getNumericalAmount());
            }
        }
        int gib = Math.max(fromContainers, fromAnnotation);
        return gib == 0 ? null : gib;
    }

    static String fmt(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
