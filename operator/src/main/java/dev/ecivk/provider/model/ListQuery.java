package dev.ecivk.provider.model;

import java.util.List;
import java.util.Map;

/** Which container groups to list: by ids (batched) or by tags (paged). */
public record ListQuery(List<String> ids, Map<String, String> tags) {
    public ListQuery {
        ids = ids == null ? List.of() : List.copyOf(ids);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    public static ListQuery byIds(List<String> ids) {
        return new ListQuery(ids, Map.of());
    }

    public static ListQuery byTags(Map<String, String> tags) {
        return new ListQuery(List.of(), tags);
    }
}
