package dev.ecivk.config;

/** How the next vSwitch is picked when one has no stock (ACK's VSwitchOrdered / VSwitchRandom). */
public enum VSwitchStrategy {
    ordered,
    random
}
