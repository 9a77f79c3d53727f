package dev.ecivk.e2e.burst;

import java.util.Locale;

/** Which kubelet a burst runs against. */
public enum KubeletKind {
    /** The controller under test. */
    ECIVK,
    /** {@link StatusOnlyKubelet}: the control plane's floor. */
    STATUS_ONLY;

    /** As written on the command line: {@code ecivk}, {@code status-only}. */
    public static KubeletKind parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
