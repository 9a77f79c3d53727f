package dev.ecivk.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/** The cloud image cache as last described. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ImageCacheStatus {
    public Long observedGeneration;

    /** Preparing, Creating, Ready or Failed (ECI's values), or Invalid for a spec the controller rejects. */
    public String phase;

    public String imageCacheId;
    public String progress;
    public List<String> events;
    public List<Condition> conditions = new ArrayList<>();
}
