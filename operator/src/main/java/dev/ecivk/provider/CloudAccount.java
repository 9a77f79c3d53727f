package dev.ecivk.provider;

import dev.ecivk.provider.model.AccountUsage;
import dev.ecivk.provider.model.CloudVirtualNode;
import java.util.Optional;

/** What the cloud account reports beyond container groups: quota usage and ECI's own VirtualNode resources. */
public interface CloudAccount {

    /**
     * The account's regional quotas and their use (ECI's ListUsage): vCPUs of the instances that count against the
     * quota, image caches made by hand and automatically, data caches. One call; ECI documents no quota for it, so
     * cache the answer (about a minute).
     */
    AccountUsage usage() throws ProviderException;

    /** An ECI VirtualNode resource ({@code vnd-…}) by id; empty when the cloud does not know it. */
    Optional<CloudVirtualNode> virtualNode(String virtualNodeId) throws ProviderException;
}
