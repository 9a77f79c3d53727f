package dev.ecivk.provider.vm;

/**
 * An instance type (Alibaba) or flavor (Huawei) the cloud sells in a zone.
 *
 * @param pricePerHour the on-demand price per hour in the account's currency, or null when the catalogue has none
 *     (the chooser then prefers the smallest fitting type)
 */
public record InstanceTypeOffer(
        String id, String family, double cpu, double memoryGiB, int gpu, String gpuSpec, Double pricePerHour) {}
