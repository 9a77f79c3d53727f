package dev.ecivk.simulator.huawei;

/**
 * The filters and paging of {@code GET /v1/{project_id}/cloudservers/detail}: {@code tags} keeps servers with that
 * {@code key=value} (or that key), {@code not-tags} drops them, {@code name} is a substring match, {@code status} and
 * {@code flavor} exact; a page is {@code limit} servers from {@code marker} (the last id of the previous page) or
 * from page number {@code offset} (1-based; 0 means 1).
 */
record ServerQuery(
        int limit, int page, String marker, String tags, String notTags, String name, String status, String flavor) {
    static final int DEFAULT_LIMIT = 25;
    static final int MAX_LIMIT = 1000;

    boolean matches(SimServer s) {
        return (tags == null || hasTag(s, tags))
                && (notTags == null || !hasTag(s, notTags))
                && (name == null || s.name.contains(name))
                && (status == null || s.status.equals(status))
                && (flavor == null || s.spec.flavor().id().equals(flavor));
    }

    private static boolean hasTag(SimServer s, String tag) {
        int eq = tag.indexOf('=');
        if (eq < 0) {
            return s.tags.containsKey(tag);
        }
        return tag.substring(eq + 1).equals(s.tags.get(tag.substring(0, eq)));
    }
}
