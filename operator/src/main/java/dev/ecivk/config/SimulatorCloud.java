package dev.ecivk.config;

/** Which embedded cloud {@code ecivk simulator} serves. */
public enum SimulatorCloud {
    /** The embedded ECI (container groups). */
    eci,
    /** The embedded Alibaba Cloud ECS (instances, for the VM-per-Pod backend). */
    ecs
}
