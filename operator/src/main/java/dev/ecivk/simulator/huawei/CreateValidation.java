package dev.ecivk.simulator.huawei;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates a create-servers body the way Huawei Cloud ECS answers it (vm-apis.md §3.5, §3.7): a bad body {@code
 * Ecs.0000}, invalid values {@code Ecs.0005}, unknown flavor / image / subnet {@code Ecs.0029} / {@code Ecs.0031} /
 * {@code Ecs.0038}, network mismatch {@code Ecs.0014}, an address outside the subnet {@code Ecs.0039}, a withdrawn
 * flavor {@code Ecs.0019}, a sold-out one {@code Ecs.0018}, too many servers {@code Ecs.0913}, tag rules {@code
 * Ecs.0905}-{@code Ecs.0907}, name rules {@code Ecs.0914}/{@code Ecs.0915}, description {@code Ecs.0041}.
 */
final class CreateValidation {
    static final int MAX_COUNT = 100;
    static final int MAX_TAGS = 10;
    static final int MAX_USER_DATA_BYTES = 32 * 1024;
    static final Set<String> VOLUME_TYPES = Set.of("SATA", "SAS", "SSD", "GPSSD", "ESSD", "GPSSD2", "ESSD2");
    // server_tags: key ≤ 36 of A-Z a-z 0-9 - _ (and CJK); value ≤ 43 of the same plus '.'
    private static final Pattern TAG_KEY = Pattern.compile("[A-Za-z0-9_\\-\\u4E00-\\u9FFF]{1,36}");
    private static final Pattern TAG_VALUE = Pattern.compile("[A-Za-z0-9_.\\-\\u4E00-\\u9FFF]{0,43}");
    private static final Pattern NAME_CHARS = Pattern.compile("[A-Za-z0-9_.\\-\\u4E00-\\u9FFF]+");

    private final HuaweiSimSettings settings;
    private final Map<String, SimFlavor> flavors;

    CreateValidation(HuaweiSimSettings settings) {
        this.settings = settings;
        Map<String, SimFlavor> byId = new LinkedHashMap<>();
        settings.flavors().forEach(f -> byId.put(f.id(), f));
        this.flavors = byId;
    }

    SimFlavor flavor(String id) {
        return flavors.get(id);
    }

    ServerSpec validate(JsonNode body) {
        JsonNode server = body == null ? null : body.get("server");
        if (server == null || !server.isObject()) {
            throw HuaweiApiException.badRequest("Ecs.0000", "Request body is invalid: the server object is missing.");
        }
        String name = required(server, "name");
        if (name.length() > 64) {
            throw HuaweiApiException.badRequest("Ecs.0914", "The server name must be 1 to 64 characters long.");
        }
        if (!NAME_CHARS.matcher(name).matches()) {
            throw HuaweiApiException.badRequest(
                    "Ecs.0915", "The server name may contain only letters, digits, '_', '-' and '.'.");
        }
        String image = required(server, "imageRef");
        if (!settings.images().contains(image)) {
            throw HuaweiApiException.badRequest("Ecs.0031", "The image " + image + " does not exist.");
        }
        SimFlavor flavor = flavors.get(required(server, "flavorRef"));
        if (flavor == null) {
            throw HuaweiApiException.badRequest(
                    "Ecs.0029", "The flavor " + text(server, "flavorRef") + " does not exist.");
        }
        String zone = text(server, "availability_zone");
        if (zone == null) {
            zone = settings.zones().get(0);
        } else if (!settings.zones().contains(zone)) {
            throw invalid("availability_zone " + zone + " is not a zone of this region");
        }
        String sale = flavor.statusIn(zone);
        if (sale.equals("abandon")) {
            throw HuaweiApiException.badRequest("Ecs.0019", "The flavor " + flavor.id() + " has been withdrawn.");
        }
        if (sale.equals("sellout")) {
            throw HuaweiApiException.badRequest(
                    "Ecs.0018", "The flavor " + flavor.id() + " is sold out in " + zone + ".");
        }
        String vpc = required(server, "vpcid");
        if (!vpc.equals(settings.vpcId())) {
            throw HuaweiApiException.badRequest("Ecs.0014", "The VPC " + vpc + " does not match the subnet.");
        }
        JsonNode nics = server.get("nics");
        if (nics == null || !nics.isArray() || nics.isEmpty() || nics.size() > 12) {
            throw invalid("nics must list 1 to 12 NICs");
        }
        String subnet = text(nics.get(0), "subnet_id");
        if (subnet == null || !settings.subnets().containsKey(subnet)) {
            throw HuaweiApiException.badRequest("Ecs.0038", "The subnet " + subnet + " does not exist.");
        }
        String ip = text(nics.get(0), "ip_address");
        if (ip != null && !ip.startsWith(settings.subnets().get(subnet) + ".")) {
            throw HuaweiApiException.badRequest("Ecs.0039", "The IP address " + ip + " is not in the subnet.");
        }
        List<String> groups = new ArrayList<>();
        for (JsonNode g : server.path("security_groups")) {
            String id = text(g, "id");
            if (id == null || !settings.securityGroups().contains(id)) {
                throw HuaweiApiException.badRequest(
                        "Ecs.0014", "The security group " + id + " is not in the VPC of the server.");
            }
            groups.add(id);
        }
        JsonNode root = server.get("root_volume");
        String volumeType = root == null ? null : text(root, "volumetype");
        if (volumeType == null || !VOLUME_TYPES.contains(volumeType)) {
            throw invalid("root_volume.volumetype must be one of " + VOLUME_TYPES);
        }
        int rootSize = root.path("size").asInt(40);
        if (rootSize < 1 || rootSize > 1024) {
            throw invalid("root_volume.size must be 1 to 1024 GB");
        }
        int count = server.path("count").asInt(1);
        if (count < 1) {
            throw invalid("count must be at least 1");
        }
        if (count > MAX_COUNT) {
            throw HuaweiApiException.badRequest(
                    "Ecs.0913", "At most " + MAX_COUNT + " servers can be created at once.");
        }
        String description = text(server, "description");
        if (description != null && description.length() > 85) {
            throw HuaweiApiException.badRequest("Ecs.0041", "The description must be at most 85 characters long.");
        }
        JsonNode extend = server.path("extendparam");
        String charging = text(extend, "chargingMode");
        if (charging != null && !charging.equals("postPaid") && !charging.equals("0")) {
            throw invalid("the embedded ECS sells pay-per-use (postPaid) servers only");
        }
        boolean spot = "spot".equals(text(extend, "marketType"));
        return new ServerSpec(
                name,
                server.path("isAutoRename").asBoolean(true),
                image,
                flavor,
                vpc,
                subnet,
                ip,
                groups,
                zone,
                volumeType,
                rootSize,
                count,
                userData(text(server, "user_data")),
                tags(server.get("server_tags")),
                metadata(server.get("metadata")),
                spot,
                spot ? text(extend, "spotPrice") : null,
                description);
    }

    private static String userData(String base64) {
        if (base64 == null) {
            return null;
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw invalid("user_data must be Base64-encoded");
        }
        if (raw.length > MAX_USER_DATA_BYTES) {
            throw invalid("user_data must be at most 32 KB before encoding");
        }
        return new String(raw, StandardCharsets.UTF_8);
    }

    private static Map<String, String> tags(JsonNode list) {
        Map<String, String> out = new LinkedHashMap<>();
        if (list == null || list.isNull()) {
            return out;
        }
        if (!list.isArray() || list.size() > MAX_TAGS) {
            throw HuaweiApiException.badRequest("Ecs.0905", "A server can have at most " + MAX_TAGS + " tags.");
        }
        for (JsonNode tag : list) {
            String key = text(tag, "key");
            String value = tag.hasNonNull("value") ? tag.get("value").asText() : "";
            if (key == null
                    || !TAG_KEY.matcher(key).matches()
                    || !TAG_VALUE.matcher(value).matches()) {
                throw HuaweiApiException.badRequest(
                        "Ecs.0906",
                        "Invalid tag " + key + ": keys are 1-36 letters, digits, '-' or '_'; values are up to 43 of"
                                + " those or '.'.");
            }
            if (out.put(key, value) != null) {
                throw HuaweiApiException.badRequest("Ecs.0907", "The tag key " + key + " is repeated.");
            }
        }
        return out;
    }

    private static Map<String, String> metadata(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }

    private static String required(JsonNode node, String field) {
        String v = text(node, field);
        if (v == null || v.isEmpty()) {
            throw invalid(field + " is required");
        }
        return v;
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static HuaweiApiException invalid(String why) {
        return HuaweiApiException.badRequest("Ecs.0005", "Invalid parameters: " + why + ".");
    }
}
