package dev.ecivk.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;

/** A status condition in the Kubernetes shape: type, status, reason, message, lastTransitionTime. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Condition {
    @Required
    public String type;

    @Required
    public String status;

    public String reason;
    public String message;
    public String lastTransitionTime;
    public Long observedGeneration;

    public Condition() {}

    public Condition(String type, boolean status, String reason, String message) {
        this.type = type;
        this.status = status ? "True" : "False";
        this.reason = reason;
        this.message = message;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Condition c
                && java.util.Objects.equals(type, c.type)
                && java.util.Objects.equals(status, c.status)
                && java.util.Objects.equals(reason, c.reason)
                && java.util.Objects.equals(message, c.message)
                && java.util.Objects.equals(lastTransitionTime, c.lastTransitionTime)
                && java.util.Objects.equals(observedGeneration, c.observedGeneration);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(type, status, reason, message, lastTransitionTime, observedGeneration);
    }
}
