package dev.ecivk.provider.model;

import java.util.List;

/**
 * One page of a {@link dev.ecivk.provider.StatusFeed}.
 *
 * @param groups the groups of this page, in creation order
 * @param nextPageToken pass it to get the next page; null on the last page
 * @param totalCount how many groups match the query over all pages
 */
public record StatusPage(List<GroupStatus> groups, String nextPageToken, int totalCount) {
    public StatusPage {
        groups = groups == null ? List.of() : List.copyOf(groups);
        nextPageToken = nextPageToken == null || nextPageToken.isEmpty() ? null : nextPageToken;
    }

    public boolean isLast() {
        return nextPageToken == null;
    }
}
