package dev.ecivk.translate;

import java.util.List;

/**
 * The vCPU/memory combinations ECI sells without a whitelist (Alibaba Cloud's public "vCPU and memory
 * specifications" page; the API reference does not list them, eci-api.md §7). A Pod's total is rounded up to the
 * smallest combination that holds it, so CreateContainerGroup never fails with InvalidParameter.CPU.Memory.
 */
final class SupportedSpecs {

    record Spec(double cpu, double memory) {}

    static final List<Spec> ALL = List.of(
            new Spec(0.25, 0.5),
            new Spec(0.25, 1),
            new Spec(0.5, 1),
            new Spec(0.5, 2),
            new Spec(1, 2),
            new Spec(1, 4),
            new Spec(1, 8),
            new Spec(2, 2),
            new Spec(2, 4),
            new Spec(2, 8),
            new Spec(2, 16),
            new Spec(4, 4),
            new Spec(4, 8),
            new Spec(4, 16),
            new Spec(4, 32),
            new Spec(8, 8),
            new Spec(8, 16),
            new Spec(8, 32),
            new Spec(8, 64),
            new Spec(12, 12),
            new Spec(12, 24),
            new Spec(12, 48),
            new Spec(12, 96),
            new Spec(16, 16),
            new Spec(16, 32),
            new Spec(16, 64),
            new Spec(16, 128),
            new Spec(24, 24),
            new Spec(24, 48),
            new Spec(24, 96),
            new Spec(24, 192),
            new Spec(32, 32),
            new Spec(32, 64),
            new Spec(32, 128),
            new Spec(32, 256),
            new Spec(52, 96),
            new Spec(52, 192),
            new Spec(52, 384),
            new Spec(64, 128),
            new Spec(64, 256),
            new Spec(64, 512));

    private SupportedSpecs() {}

    /** The smallest combination (fewest vCPUs, then least memory) holding both values, or null if none does. */
    static Spec roundUp(double cpu, double memory) {
        for (Spec s : ALL) {
            if (s.cpu() >= cpu - 1e-9 && s.memory() >= memory - 1e-9) {
                return s;
            }
        }
        return null;
    }

    static boolean isSupported(double cpu, double memory) {
        return ALL.stream().anyMatch(s -> Math.abs(s.cpu() - cpu) < 1e-9 && Math.abs(s.memory() - memory) < 1e-9);
    }
}
