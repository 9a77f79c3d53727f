package dev.ecivk.provider.model;

/** Whether a group runs on spot capacity, and how its price is capped. */
public enum SpotStrategy {
    /** Pay-as-you-go at the on-demand price. */
    NONE,
    /** Spot, never above a price per hour the caller sets. */
    PRICE_LIMIT,
    /** Spot at the market price (capped at the on-demand price). */
    MARKET
}
