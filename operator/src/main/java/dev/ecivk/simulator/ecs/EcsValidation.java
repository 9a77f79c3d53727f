package dev.ecivk.simulator.ecs;

import dev.ecivk.ecs.contract.EcsContract;
import dev.ecivk.simulator.EciApiException;
import dev.ecivk.simulator.FlatParams;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * RunInstances' parameter rules with ECS's error codes and HTTP statuses (vm-apis.md §2.1, §2.3, §2.8–2.11): required
 * parameters first, then formats and limits, then references to the region's vSwitches, security groups, images
 * and types. The first violation is the answer, as on ECS.
 */
final class EcsValidation {
    private static final Pattern INSTANCE_NAME = Pattern.compile("\\p{L}[\\p{L}\\p{N}:_.\\-]*");
    private static final Pattern HOST_NAME_SEGMENT = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?");
    private static final Set<String> DISK_CATEGORIES =
            Set.of("cloud", "cloud_efficiency", "cloud_ssd", "cloud_essd", "cloud_auto", "cloud_essd_entry");
    private static final Set<String> SPOT_STRATEGIES = Set.of("NoSpot", "SpotWithPriceLimit", "SpotAsPriceGo");
    private static final Set<String> CHARGE_TYPES = Set.of("PostPaid", "PrePaid");

    private EcsValidation() {}

    /** The instances a valid RunInstances asks for; throws the first violation as ECS answers it. */
    static List<EcsInstance.Launch> runInstances(
            Map<String, String> business, EcsSimulatorSettings settings, InstanceTypeCatalogue catalogue) {
        FlatParams.Node p = FlatParams.tree(business);
        String region = p.required("RegionId");
        if (!region.equals(settings.region())) {
            throw notFound("InvalidRegionId.NotFound", "The specified RegionId does not exist.");
        }
        if (p.str("ImageFamily") == null) {
            p.required("ImageId");
        }
        String typeId = p.required("InstanceType");
        String securityGroup = p.required("SecurityGroupId");
        String vSwitch = p.str("VSwitchId");
        if (vSwitch == null || vSwitch.isEmpty()) {
            throw new EciApiException(
                    400, "InvalidVSwitchId.Necessary", "The VSwitchId is necessary for a VPC instance.");
        }
        int amount = bounded(p, "Amount", 1, 1, EcsContract.MAX_AMOUNT, "InvalidParameter.Amount");
        String token = p.str("ClientToken");
        if (token != null
                && (token.length() > EcsContract.CLIENT_TOKEN_MAX_LENGTH
                        || !StandardCharsets.US_ASCII.newEncoder().canEncode(token))) {
            throw new EciApiException(
                    400, "InvalidClientToken.ValueNotSupported", "The ClientToken is not valid (ASCII, at most 64).");
        }
        String name = p.str("InstanceName");
        if (name != null
                && (name.length() < EcsContract.INSTANCE_NAME_MIN_LENGTH
                        || name.length() > EcsContract.INSTANCE_NAME_MAX_LENGTH
                        || !INSTANCE_NAME.matcher(name).matches()
                        || name.startsWith("http://")
                        || name.startsWith("https://"))) {
            throw malformed("InvalidInstanceName.Malformed", "The specified InstanceName is not valid.");
        }
        String hostName = p.str("HostName");
        if (hostName != null && !validHostName(hostName)) {
            throw malformed("InvalidHostName.Malformed", "The specified HostName is not valid.");
        }
        String description = p.str("Description");
        if (description != null
                && (description.length() < 2
                        || description.length() > 256
                        || description.startsWith("http://")
                        || description.startsWith("https://"))) {
            throw malformed("InvalidDescription.Malformed", "The specified Description is not valid.");
        }
        String userData = userData(p.str("UserData"));
        Map<String, String> tags = tags(p);
        String charge = p.str("InstanceChargeType");
        if (charge != null && !CHARGE_TYPES.contains(charge)) {
            throw new EciApiException(
                    400, "InvalidInstanceChargeType.ValueNotSupported", "The InstanceChargeType is not supported.");
        }
        if ("PrePaid".equals(charge)) {
            p.required("Period");
        }
        String spot = p.str("SpotStrategy");
        if (spot != null && !SPOT_STRATEGIES.contains(spot)) {
            throw new EciApiException(400, "InvalidSpotStrategy", "The specified SpotStrategy is not valid.");
        }
        if (p.str("SpotPriceLimit") != null && !"SpotWithPriceLimit".equals(spot)) {
            throw new EciApiException(
                    400, "InvalidSpotPriceLimit.Conflict", "SpotPriceLimit needs SpotStrategy SpotWithPriceLimit.");
        }
        bounded(p, "InternetMaxBandwidthOut", 0, 0, 100, "InvalidInternetMaxBandwidthOut.ValueNotSupported");
        FlatParams.Node disk = p.child("SystemDisk");
        // 001 lists the InvalidSystemDiskSize codes with HTTP 404
        String category = disk == null || disk.str("Category") == null ? "cloud_efficiency" : disk.str("Category");
        if (!DISK_CATEGORIES.contains(category)) {
            throw new EciApiException(
                    400, "InvalidSystemDiskCategory.ValueNotSupported", "The SystemDisk.Category is not supported.");
        }
        int maxDisk =
                category.equals("cloud") ? EcsContract.SYSTEM_DISK_CLOUD_MAX_GIB : EcsContract.SYSTEM_DISK_MAX_GIB;
        int diskSize = disk == null
                ? 40
                : bounded(
                        disk,
                        "Size",
                        40,
                        EcsContract.SYSTEM_DISK_MIN_GIB,
                        maxDisk,
                        404,
                        "InvalidSystemDiskSize.ValueNotSupported");

        EcsSimulatorSettings.VSwitch sw = settings.vSwitches().get(vSwitch);
        if (sw == null) {
            throw notFound("InvalidVSwitchId.NotFound", "The specified VSwitchId does not exist.");
        }
        String zone = p.str("ZoneId");
        if (zone != null && !zone.isEmpty() && !zone.equals(sw.zoneId())) {
            throw new EciApiException(
                    400,
                    "InvalidParameter.Mismatch",
                    "The specified vSwitch is not in the specified zone " + zone + ".");
        }
        if (!settings.securityGroups().contains(securityGroup)) {
            throw notFound("InvalidSecurityGroupId.NotFound", "The specified SecurityGroupId does not exist.");
        }
        String image = p.str("ImageId");
        if (image == null || !settings.images().contains(image)) {
            throw notFound("InvalidImageId.NotFound", "The specified ImageId does not exist.");
        }
        InstanceTypeCatalogue.Type type = catalogue.get(typeId);
        if (type == null) {
            throw new EciApiException(
                    400,
                    "InvalidInstanceType.ValueNotSupported",
                    "The specified InstanceType " + typeId + " is not supported.");
        }
        List<EcsInstance.Launch> launches = new ArrayList<>();
        for (int i = 0; i < amount; i++) {
            launches.add(new EcsInstance.Launch(
                    name,
                    hostName,
                    description,
                    type,
                    sw.zoneId(),
                    vSwitch,
                    securityGroup,
                    image,
                    tags,
                    userData,
                    spot,
                    diskSize,
                    category));
        }
        return launches;
    }

    /** Linux rules: 2–64 characters, dot-separated segments of letters, digits and inner hyphens. */
    static boolean validHostName(String hostName) {
        if (hostName.length() < 2 || hostName.length() > EcsContract.HOST_NAME_MAX_LENGTH) {
            return false;
        }
        for (String segment : hostName.split("\\.", -1)) {
            if (!HOST_NAME_SEGMENT.matcher(segment).matches()) {
                return false;
            }
        }
        return true;
    }

    /** The user data as sent (Base64), checked for its format and its raw size; null when absent. */
    private static String userData(String base64) {
        if (base64 == null || base64.isEmpty()) {
            return null;
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new EciApiException(
                    403, "InvalidUserData.Base64FormatInvalid", "The UserData is not Base64-encoded.");
        }
        if (raw.length > EcsContract.USER_DATA_MAX_BYTES) {
            throw new EciApiException(
                    400,
                    "InvalidUserData.SizeExceeded",
                    "The UserData exceeds " + EcsContract.USER_DATA_MAX_BYTES + " bytes before Base64 encoding.");
        }
        return base64;
    }

    /** {@code Tag.N.Key/Value}: at most 20, keys unique, non-empty, not {@code aliyun}/{@code acs:}, no URLs. */
    static Map<String, String> tags(FlatParams.Node p) {
        List<FlatParams.Node> tags = p.nodes("Tag");
        if (tags.size() > EcsContract.MAX_TAGS) {
            throw new EciApiException(
                    403, "QuotaExceed.Tags", "At most " + EcsContract.MAX_TAGS + " tags are allowed.");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (FlatParams.Node tag : tags) {
            String key = tag.str("Key");
            String value = tag.str("Value") == null ? "" : tag.str("Value");
            if (key == null
                    || key.isEmpty()
                    || key.length() > EcsContract.TAG_KEY_MAX_LENGTH
                    || key.startsWith("aliyun")
                    || key.startsWith("acs:")
                    || key.contains("http://")
                    || key.contains("https://")) {
                throw malformed("InvalidTagKey.Malformed", "The specified Tag.N.Key is not valid.");
            }
            if (value.length() > EcsContract.TAG_VALUE_MAX_LENGTH
                    || value.contains("http://")
                    || value.contains("https://")) {
                throw malformed("InvalidTagValue.Malformed", "The specified Tag.N.Value is not valid.");
            }
            if (out.put(key, value) != null) {
                throw new EciApiException(400, "Duplicate.TagKey", "The Tag.N.Key contains duplicate keys.");
            }
        }
        return out;
    }

    static int bounded(FlatParams.Node p, String key, int defaultValue, int min, int max, String code) {
        return bounded(p, key, defaultValue, min, max, 400, code);
    }

    static int bounded(FlatParams.Node p, String key, int defaultValue, int min, int max, int httpStatus, String code) {
        Integer v;
        try {
            v = p.integer(key);
        } catch (EciApiException e) {
            throw new EciApiException(400, code, "The specified " + p.name(key) + " is not an integer.");
        }
        if (v == null) {
            return defaultValue;
        }
        if (v < min || v > max) {
            throw new EciApiException(
                    httpStatus, code, "The specified " + p.name(key) + " must be between " + min + " and " + max + ".");
        }
        return v;
    }

    private static EciApiException malformed(String code, String message) {
        return new EciApiException(400, code, message);
    }

    private static EciApiException notFound(String code, String message) {
        return new EciApiException(404, code, message);
    }
}
