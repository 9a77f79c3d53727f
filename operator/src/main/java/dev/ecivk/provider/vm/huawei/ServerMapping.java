package dev.ecivk.provider.vm.huawei;

import com.huaweicloud.sdk.ecs.v2.model.NetworkInterfaces;
import com.huaweicloud.sdk.ecs.v2.model.ServerAddress;
import com.huaweicloud.sdk.ecs.v2.model.ServerDetail;
import dev.ecivk.provider.vm.VmInstance;
import dev.ecivk.provider.vm.VmInstance.State;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A Huawei Cloud server detail as the SPI's {@link VmInstance}. States (Huawei's list, vm-apis.md §3.4) map by
 * status and task: {@code BUILD} is pending until the hypervisor spawns it, then starting; {@code ACTIVE} runs;
 * reboots and rebuilds start; migrations and resizes keep running; {@code SHUTOFF}, shelved, paused and suspended
 * servers are stopped; any server with task {@code deleting} or {@code powering-off} is stopping; {@code ERROR} and
 * {@code UNKNOWN} are errors; {@code DELETED} and {@code SOFT_DELETED} are gone. A server is locked when {@code
 * locked} is true or its {@code EcmResStatus} is {@code freeze}; the lock reason, or else the server's {@code fault},
 * is the reason.
 */
final class ServerMapping {
    private ServerMapping() {}

    static State state(String status, String taskState) {
        String s = status == null ? "UNKNOWN" : status.toUpperCase(Locale.ROOT);
        String task = taskState == null ? "" : taskState.toLowerCase(Locale.ROOT);
        if (s.equals("DELETED") || s.equals("SOFT_DELETED")) {
            return State.DELETED;
        }
        if (task.equals("deleting") || task.equals("powering-off")) {
            return State.STOPPING;
        }
        return switch (s) {
            case "BUILD" -> task.equals("spawning") ? State.STARTING : State.PENDING;
            case "ACTIVE" -> task.startsWith("reboot") ? State.STARTING : State.RUNNING;
            case "REBOOT", "HARD_REBOOT", "REBUILD" -> State.STARTING;
            case "MIGRATING", "RESIZE", "VERIFY_RESIZE", "REVERT_RESIZE" -> State.RUNNING;
            case "SHUTOFF", "SHELVED", "SHELVED_OFFLOADED", "PAUSED", "SUSPENDED" ->
                task.equals("powering-on") ? State.STARTING : State.STOPPED;
            default -> State.ERROR;
        };
    }

    static VmInstance toInstance(ServerDetail s) {
        String cloudState = s.getStatus() + (s.getOsEXTSTSTaskState() == null ? "" : "/" + s.getOsEXTSTSTaskState());
        boolean frozen =
                s.getMetadata() != null && "freeze".equals(s.getMetadata().get("EcmResStatus"));
        boolean locked = Boolean.TRUE.equals(s.getLocked()) || frozen;
        String reason = Boolean.TRUE.equals(s.getLocked())
                ? "locked"
                : frozen ? "frozen (EcmResStatus=freeze)" : faultText(s.getFault());
        return new VmInstance(
                s.getId(),
                s.getName(),
                state(s.getStatus(), s.getOsEXTSTSTaskState()),
                cloudState,
                s.getFlavor() == null ? null : s.getFlavor().getId(),
                s.getOsEXTAZAvailabilityZone(),
                subnet(s.getNetworkInterfaces()),
                privateIp(s.getAddresses()),
                instant(s.getCreated()),
                ServerTags.decode(s.getTags()),
                locked,
                reason);
    }

    /** {@code code: message} of a server's {@code fault}, or null. */
    static String faultText(Object fault) {
        if (!(fault instanceof Map<?, ?> f) || f.isEmpty()) {
            return null;
        }
        Object code = f.get("code");
        Object message = f.get("message");
        return (code == null ? "" : code + ": ") + (message == null ? "" : message);
    }

    /** The primary fixed IPv4 address, or the first fixed one. */
    static String privateIp(Map<String, List<ServerAddress>> addresses) {
        if (addresses == null) {
            return null;
        }
        String first = null;
        for (List<ServerAddress> list : addresses.values()) {
            for (ServerAddress a : list == null ? List.<ServerAddress>of() : list) {
                boolean fixed = a.getOsEXTIPSType() == null
                        || "fixed".equals(a.getOsEXTIPSType().getValue());
                if (!fixed || !"4".equals(a.getVersion())) {
                    continue;
                }
                if (Boolean.TRUE.equals(a.getPrimary())) {
                    return a.getAddr();
                }
                first = first == null ? a.getAddr() : first;
            }
        }
        return first;
    }

    private static String subnet(List<NetworkInterfaces> nics) {
        if (nics == null || nics.isEmpty()) {
            return null;
        }
        return nics.stream()
                .filter(n -> Boolean.TRUE.equals(n.getPrimary()))
                .findFirst()
                .orElse(nics.get(0))
                .getSubnetId();
    }

    private static Instant instant(String t) {
        try {
            return t == null ? null : Instant.parse(t);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
