/**
 * ECI's contract as numbers: per-action request quotas and request limits, written once and read by both sides of
 * the protocol — the client ({@code provider.eci}, its rate limits and request checks), the translator ({@code
 * translate}, which rejects what ECI would) and the embedded ECI ({@code simulator}, which enforces them). Pure
 * constants: the JDK only.
 */
package dev.ecivk.eci.contract;
