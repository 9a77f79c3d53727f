package dev.ecivk.translate;

import dev.ecivk.provider.model.ContainerSpec;
import dev.ecivk.provider.model.NameValue;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Sysctl;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Security contexts. ECI takes runAsUser, readOnlyRootFilesystem (true only) and the NET_ADMIN capability per
 * container, and sysctls per group; what would weaken isolation if ignored (privileged, other capabilities) is
 * rejected, what only hardens is ignored with a warning.
 */
final class SecurityContexts {

    private final Findings findings;

    SecurityContexts(Findings findings) {
        this.findings = findings;
    }

    ContainerSpec.SecurityContext container(Container c, PodSecurityContext pod, String label) {
        SecurityContext sc = c.getSecurityContext();
        Long runAsUser = pod == null ? null : pod.getRunAsUser();
        Boolean readOnlyRoot = null;
        List<String> add = new ArrayList<>();
        if (sc != null) {
            if (sc.getRunAsUser() != null) {
                runAsUser = sc.getRunAsUser();
            }
            if (Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem())) {
                readOnlyRoot = Boolean.TRUE;
            }
            if (Boolean.TRUE.equals(sc.getPrivileged())) {
                findings.problem(label + ": privileged containers are not supported by ECI");
            }
            if (sc.getCapabilities() != null) {
                for (String cap : orEmpty(sc.getCapabilities().getAdd())) {
                    String name = cap.toUpperCase(Locale.ROOT).replaceFirst("^CAP_", "");
                    if (name.equals("NET_ADMIN")) {
                        add.add("NET_ADMIN");
                    } else {
                        findings.problem(
                                label + ": capability " + cap + " cannot be added on ECI, only NET_ADMIN is supported");
                    }
                }
                if (!orEmpty(sc.getCapabilities().getDrop()).isEmpty()) {
                    findings.warn(
                            WarningReason.UnsupportedSecurityContext,
                            label + ": capabilities.drop "
                                    + sc.getCapabilities().getDrop() + " is ignored; ECI cannot drop capabilities");
                }
            }
            List<String> ignored = new ArrayList<>();
            if (sc.getAllowPrivilegeEscalation() != null) {
                ignored.add("allowPrivilegeEscalation");
            }
            if (sc.getRunAsGroup() != null) {
                ignored.add("runAsGroup");
            }
            if (sc.getRunAsNonRoot() != null) {
                ignored.add("runAsNonRoot");
            }
            if (sc.getProcMount() != null && !"Default".equals(sc.getProcMount())) {
                ignored.add("procMount");
            }
            if (sc.getSeccompProfile() != null) {
                ignored.add("seccompProfile");
            }
            if (sc.getSeLinuxOptions() != null) {
                ignored.add("seLinuxOptions");
            }
            if (sc.getAppArmorProfile() != null) {
                ignored.add("appArmorProfile");
            }
            if (sc.getWindowsOptions() != null) {
                ignored.add("windowsOptions");
            }
            if (!ignored.isEmpty()) {
                findings.warn(
                        WarningReason.UnsupportedSecurityContext,
                        label + ": securityContext " + String.join(", ", ignored) + " not enforced by ECI and ignored");
            }
        }
        if (runAsUser == null && readOnlyRoot == null && add.isEmpty()) {
            return null;
        }
        return new ContainerSpec.SecurityContext(runAsUser, readOnlyRoot, add);
    }

    /** Pod-level fields: sysctls are carried; runAsUser is pushed down per container; the rest warned. */
    List<NameValue> pod(PodSecurityContext sc) {
        List<NameValue> sysctls = new ArrayList<>();
        if (sc == null) {
            return sysctls;
        }
        for (Sysctl s : orEmpty(sc.getSysctls())) {
            sysctls.add(new NameValue(s.getName(), s.getValue()));
        }
        List<String> ignored = new ArrayList<>();
        if (sc.getFsGroup() != null) {
            ignored.add("fsGroup");
        }
        if (sc.getFsGroupChangePolicy() != null) {
            ignored.add("fsGroupChangePolicy");
        }
        if (!orEmpty(sc.getSupplementalGroups()).isEmpty()) {
            ignored.add("supplementalGroups");
        }
        if (sc.getSupplementalGroupsPolicy() != null) {
            ignored.add("supplementalGroupsPolicy");
        }
        if (sc.getRunAsGroup() != null) {
            ignored.add("runAsGroup");
        }
        if (sc.getRunAsNonRoot() != null) {
            ignored.add("runAsNonRoot");
        }
        if (sc.getSeccompProfile() != null) {
            ignored.add("seccompProfile");
        }
        if (sc.getSeLinuxOptions() != null) {
            ignored.add("seLinuxOptions");
        }
        if (sc.getSeLinuxChangePolicy() != null) {
            ignored.add("seLinuxChangePolicy");
        }
        if (sc.getAppArmorProfile() != null) {
            ignored.add("appArmorProfile");
        }
        if (sc.getWindowsOptions() != null) {
            ignored.add("windowsOptions");
        }
        if (!ignored.isEmpty()) {
            findings.warn(
                    WarningReason.UnsupportedSecurityContext,
                    "pod: securityContext " + String.join(", ", ignored) + " not enforced by ECI and ignored");
        }
        return sysctls;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
