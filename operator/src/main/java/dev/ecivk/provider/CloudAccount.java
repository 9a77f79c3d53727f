package dev.ecivk.provider;

import dev.ecivk.provider.model.AccountUsage;
import dev.ecivk.provider.model.CloudVirtualNode;
import java.util.Optional;

/** What the cloud account reports beyond container groups: quota usage and ECI's own VirtualNode resources. */
public interface CloudAccount {

    /** vCPUs and image caches in use and their limits (ECI's ListUsage). */
    AccountUsage usage() throws ProviderException;

    /** An ECI VirtualNode resource ({@code vnd-…}) by id; empty when the cloud does not know it. */
    Optional<CloudVirtualNode> virtualNode(String virtualNodeId) throws ProviderException;
}
