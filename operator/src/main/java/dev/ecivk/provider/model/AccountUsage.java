package dev.ecivk.provider.model;

/** ListUsage's attributes; a value the cloud did not report is -1. */
public record AccountUsage(long usedCpu, long maxCpu, long usedImageCacheCount, long maxImageCacheCount) {

    /** True while vCPUs can still be started (the limit is not reached, or unknown). */
    public boolean cpuAvailable() {
        return maxCpu < 0 || usedCpu < maxCpu;
    }
}
