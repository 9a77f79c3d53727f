package dev.ecivk.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** The images to cache and where the temporary builder instance runs. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ImageCacheSpec {
    @Required
    @Size(min = 1, max = 20)
    @JsonPropertyDescription("Images to cache.")
    public List<String> images;

    @JsonPropertyDescription("Secrets of type kubernetes.io/dockerconfigjson with registry credentials.")
    public List<SecretRef> imagePullSecrets;

    @Min(20)
    @Max(2048)
    @JsonPropertyDescription("Cache size in GiB (default 20).")
    public Integer size;

    @Min(1)
    @Max(65536)
    @JsonPropertyDescription("Days until the cache expires; default: never.")
    public Integer retentionDays;

    @Pattern("^vsw-[a-z0-9-]+$")
    @JsonPropertyDescription("vSwitch of the builder instance; default: the controller's first vSwitch.")
    public String vSwitchId;

    @Pattern("^sg-[a-z0-9-]+$")
    @JsonPropertyDescription("Security group of the builder instance; default: the controller's.")
    public String securityGroupId;

    @JsonPropertyDescription("EIP for pulling public images.")
    public String eipInstanceId;

    /** A Secret by namespace and name. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class SecretRef {
        @Required
        public String namespace;

        @Required
        public String name;
    }
}
