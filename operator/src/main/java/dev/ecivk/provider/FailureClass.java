package dev.ecivk.provider;

/** How a caller must react to a provider failure. Callers branch on this, never on message text. */
public enum FailureClass {
    /** Retry the same request later with backoff (throttling, 5xx, a request still in flight). */
    TRANSIENT,
    /** No capacity where asked (no stock, no IPs, spot unavailable): retry elsewhere or later. */
    CAPACITY,
    /** The request can never succeed unchanged: fail the Pod with the code. */
    PERMANENT,
    /** The container group does not exist (any more). */
    NOT_FOUND
}
