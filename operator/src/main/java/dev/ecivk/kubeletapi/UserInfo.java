package dev.ecivk.kubeletapi;

import java.util.List;
import java.util.Map;

/** An authenticated caller of the kubelet API, as the apiserver's authorizer knows users. */
public record UserInfo(String name, String uid, List<String> groups, Map<String, List<String>> extra) {

    public UserInfo {
        groups = groups == null ? List.of() : List.copyOf(groups);
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }
}
