package dev.ecivk.translate;

import dev.ecivk.provider.model.ContainerGroupSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * ACK-compatible Pod annotations ({@code k8s.aliyun.com/eci-*}), read once at creation. Invalid values are
 * problems; annotations we do not implement are named in a warning rather than silently ignored.
 */
final class Annotations {

    static final String PREFIX = "k8s.aliyun.com/";
    static final String VSWITCH = PREFIX + "eci-vswitch";
    static final String SCHEDULE_STRATEGY = PREFIX + "eci-schedule-strategy";
    static final String SECURITY_GROUP = PREFIX + "eci-security-group";
    static final String SPOT_STRATEGY = PREFIX + "eci-spot-strategy";
    static final String SPOT_PRICE_LIMIT = PREFIX + "eci-spot-price-limit";
    static final String IMC_ID = PREFIX + "eci-imc-id";
    static final String AUTO_IMC = PREFIX + "eci-auto-imc";
    static final String RAM_ROLE = PREFIX + "eci-ram-role-name";
    static final String EIP_INSTANCE_ID = PREFIX + "eci-eip-instanceid";
    static final String WITH_EIP = PREFIX + "eci-with-eip";
    static final String EIP_BANDWIDTH = PREFIX + "eci-eip-bandwidth";
    static final String NTP_SERVER = PREFIX + "eci-ntp-server";
    static final String RESOURCE_GROUP = PREFIX + "eci-resource-group-id";

    /** Every annotation this translator reads (the two sizing ones are read by {@link GroupResources}). */
    static final Set<String> SUPPORTED = Set.of(
            GroupResources.USE_SPECS,
            GroupResources.EXTRA_STORAGE,
            VSWITCH,
            SCHEDULE_STRATEGY,
            SECURITY_GROUP,
            SPOT_STRATEGY,
            SPOT_PRICE_LIMIT,
            IMC_ID,
            AUTO_IMC,
            RAM_ROLE,
            EIP_INSTANCE_ID,
            WITH_EIP,
            EIP_BANDWIDTH,
            NTP_SERVER,
            RESOURCE_GROUP);

    private static final Pattern VSWITCH_ID = Pattern.compile("vsw-[a-z0-9]+");
    private static final Pattern SECURITY_GROUP_ID = Pattern.compile("sg-[a-z0-9]+");
    private static final Pattern IMC = Pattern.compile("imc-[a-z0-9]+");
    private static final Pattern EIP = Pattern.compile("eip-[a-z0-9]+");
    private static final Pattern RESOURCE_GROUP_ID = Pattern.compile("rg-[a-z0-9]+");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]+");

    private Annotations() {}

    static void apply(PodView pod, ContainerGroupSpec.Builder spec, Findings findings) {
        Map<String, String> a = pod.annotations();
        List<String> unknown = new ArrayList<>();
        for (String key : new TreeSet<>(a.keySet())) {
            if (key.startsWith(PREFIX + "eci-") && !SUPPORTED.contains(key)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            findings.warn(
                    WarningReason.UnsupportedAnnotation,
                    "pod: annotations " + unknown + " are not implemented by this virtual node and are ignored");
        }
        vSwitch(pod, a, spec, findings);
        String sg = a.get(SECURITY_GROUP);
        if (sg != null) {
            spec.securityGroupId(id(sg, SECURITY_GROUP_ID, SECURITY_GROUP, "sg-", findings));
        }
        spot(a, spec, findings);
        String imc = a.get(IMC_ID);
        if (imc != null) {
            spec.imageSnapshotId(id(imc, IMC, IMC_ID, "imc-", findings));
        }
        Boolean autoImc = bool(a, AUTO_IMC, findings);
        if (autoImc != null) {
            spec.autoMatchImageCache(autoImc);
        }
        String role = a.get(RAM_ROLE);
        if (role != null) {
            if (role.isBlank()) {
                findings.problem("annotation " + RAM_ROLE + ": empty role name");
            }
            spec.ramRoleName(role.trim());
        }
        eip(a, spec, findings);
        String ntp = a.get(NTP_SERVER);
        if (ntp != null) {
            List<String> servers = new ArrayList<>();
            for (String s : ntp.split(",")) {
                String server = s.trim();
                if (server.isEmpty()) {
                    continue;
                }
                if (!HOST.matcher(server).matches()) {
                    findings.problem("annotation " + NTP_SERVER + ": \"" + server + "\" is not a host name or IP");
                }
                servers.add(server);
            }
            spec.ntpServers(servers);
        }
        String rg = a.get(RESOURCE_GROUP);
        if (rg != null) {
            spec.resourceGroupId(id(rg, RESOURCE_GROUP_ID, RESOURCE_GROUP, "rg-", findings));
        }
    }

    private static void vSwitch(PodView pod, Map<String, String> a, ContainerGroupSpec.Builder spec, Findings f) {
        String strategy = a.get(SCHEDULE_STRATEGY);
        if (strategy != null && !strategy.equals("VSwitchOrdered") && !strategy.equals("VSwitchRandom")) {
            f.problem("annotation " + SCHEDULE_STRATEGY + ": \"" + strategy
                    + "\" is not VSwitchOrdered or VSwitchRandom");
        }
        String value = a.get(VSWITCH);
        if (value == null) {
            return;
        }
        List<String> ids = new ArrayList<>();
        for (String s : value.split(",")) {
            String id = s.trim();
            if (id.isEmpty()) {
                continue;
            }
            if (!VSWITCH_ID.matcher(id).matches()) {
                f.problem("annotation " + VSWITCH + ": \"" + id + "\" is not a vSwitch id (vsw-…)");
            }
            ids.add(id);
        }
        if (ids.isEmpty()) {
            f.problem("annotation " + VSWITCH + ": no vSwitch id given");
            return;
        }
        // VSwitchRandom spreads Pods; a hash of the UID keeps the choice stable across retries of one Pod.
        int index = "VSwitchRandom".equals(strategy) && pod.uid() != null
                ? Math.floorMod(pod.uid().hashCode(), ids.size())
                : 0;
        spec.vSwitchId(ids.get(index));
        if (ids.size() > 1) {
            f.warn(
                    WarningReason.VSwitchSelected,
                    "pod: annotation " + VSWITCH + " lists " + ids.size() + " vSwitches; this create uses "
                            + ids.get(index) + " ("
                            + ("VSwitchRandom".equals(strategy) ? "VSwitchRandom" : "VSwitchOrdered")
                            + ")");
        }
    }

    private static void spot(Map<String, String> a, ContainerGroupSpec.Builder spec, Findings f) {
        String strategy = a.get(SPOT_STRATEGY);
        String limit = a.get(SPOT_PRICE_LIMIT);
        if (strategy != null) {
            if (!Set.of("NoSpot", "SpotAsPriceGo", "SpotWithPriceLimit").contains(strategy)) {
                f.problem("annotation " + SPOT_STRATEGY + ": \"" + strategy
                        + "\" is not NoSpot, SpotAsPriceGo or SpotWithPriceLimit");
            }
            spec.spotStrategy(strategy);
        }
        if (limit != null) {
            BigDecimal price = null;
            try {
                price = new BigDecimal(limit.trim());
            } catch (NumberFormatException e) {
                // reported below
            }
            if (price == null
                    || price.signum() <= 0
                    || price.stripTrailingZeros().scale() > 3) {
                f.problem("annotation " + SPOT_PRICE_LIMIT + ": \"" + limit
                        + "\" is not a positive price with at most 3 decimals");
            } else if (!"SpotWithPriceLimit".equals(strategy)) {
                f.warn(
                        WarningReason.UnsupportedAnnotation,
                        "pod: annotation " + SPOT_PRICE_LIMIT + " is only used with " + SPOT_STRATEGY
                                + "=SpotWithPriceLimit and is ignored");
            } else {
                spec.spotPriceLimit(price.doubleValue());
            }
        } else if ("SpotWithPriceLimit".equals(strategy)) {
            f.problem("annotation " + SPOT_STRATEGY + ": SpotWithPriceLimit needs " + SPOT_PRICE_LIMIT);
        }
    }

    private static void eip(Map<String, String> a, ContainerGroupSpec.Builder spec, Findings f) {
        String eipId = a.get(EIP_INSTANCE_ID);
        Boolean withEip = bool(a, WITH_EIP, f);
        if (eipId != null) {
            spec.eipInstanceId(id(eipId, EIP, EIP_INSTANCE_ID, "eip-", f));
            if (Boolean.TRUE.equals(withEip)) {
                f.problem("annotation " + WITH_EIP + ": cannot create an EIP and also bind " + eipId.trim() + " from "
                        + EIP_INSTANCE_ID);
            }
        }
        if (Boolean.TRUE.equals(withEip)) {
            spec.autoCreateEip(Boolean.TRUE);
        }
        String bandwidth = a.get(EIP_BANDWIDTH);
        if (bandwidth != null) {
            Integer mbps = null;
            try {
                mbps = Integer.valueOf(bandwidth.trim());
            } catch (NumberFormatException e) {
                // reported below
            }
            if (mbps == null || mbps <= 0) {
                f.problem("annotation " + EIP_BANDWIDTH + ": \"" + bandwidth + "\" is not a positive whole number"
                        + " of Mbps");
            } else if (!Boolean.TRUE.equals(withEip)) {
                f.warn(
                        WarningReason.UnsupportedAnnotation,
                        "pod: annotation " + EIP_BANDWIDTH + " only applies with " + WITH_EIP + "=true and is ignored");
            } else {
                spec.eipBandwidth(mbps);
            }
        }
    }

    private static Boolean bool(Map<String, String> a, String key, Findings f) {
        String v = a.get(key);
        if (v == null) {
            return null;
        }
        String t = v.trim();
        if (t.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (t.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        f.problem("annotation " + key + ": \"" + v + "\" is not true or false");
        return null;
    }

    private static String id(String value, Pattern pattern, String key, String prefix, Findings f) {
        String v = value.trim();
        if (!pattern.matcher(v).matches()) {
            f.problem("annotation " + key + ": \"" + value + "\" is not an id of the form " + prefix + "…");
        }
        return v;
    }
}
