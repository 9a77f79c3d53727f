package dev.ecivk.translate;

import dev.ecivk.eci.contract.EciLimits;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tags of the container group: our five ownership tags first (never displaced), then Pod labels in key order while
 * ECI's 20-tag limit allows. Labels that cannot be tags are reported, not dropped silently.
 */
final class Tags {

    /** Alibaba Cloud tag keys are at most 128 characters. */
    static final int MAX_KEY_LENGTH = 128;

    private Tags() {}

    static Map<String, String> of(PodView pod, Findings findings) {
        Map<String, String> tags = new LinkedHashMap<>(OwnershipTags.of(pod.ctx(), pod.pod()));
        List<String> left = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        for (Map.Entry<String, String> label : new TreeMap<>(pod.labels()).entrySet()) {
            String key = label.getKey();
            String value = label.getValue() == null ? "" : label.getValue();
            if (OwnershipTags.KEYS.contains(key)
                    || key.startsWith("aliyun")
                    || key.startsWith("acs:")
                    || key.length() > MAX_KEY_LENGTH
                    || value.length() > OwnershipTags.MAX_TAG_VALUE_LENGTH) {
                invalid.add(key);
            } else if (tags.size() >= EciLimits.MAX_TAGS) {
                left.add(key);
            } else {
                tags.put(key, value);
            }
        }
        if (!invalid.isEmpty()) {
            findings.warn(
                    WarningReason.LabelsNotTagged,
                    "pod: labels " + invalid + " were not copied to tags: the keys are reserved (ecivk.dev/"
                            + " ownership tags, or aliyun/acs: prefixes Alibaba Cloud refuses) or longer than tags"
                            + " allow (" + MAX_KEY_LENGTH + " characters)");
        }
        if (!left.isEmpty()) {
            findings.warn(
                    WarningReason.LabelsNotTagged,
                    "pod: labels " + left + " were not copied to tags: ECI allows " + EciLimits.MAX_TAGS + " tags and "
                            + OwnershipTags.KEYS.size() + " are reserved for ownership");
        }
        return tags;
    }
}
