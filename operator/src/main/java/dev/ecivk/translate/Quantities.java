package dev.ecivk.translate;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Kubernetes quantities in ECI's units: cpu in cores, memory and storage in GiB. */
final class Quantities {

    private static final BigDecimal GIB = BigDecimal.valueOf(1L << 30);

    private Quantities() {}

    /** Cores, rounded up to the millicore. */
    static double cores(Quantity q) {
        return q.getNumericalAmount().setScale(3, RoundingMode.CEILING).doubleValue();
    }

    /** GiB, rounded up to 1/1000 GiB so a request is never shrunk. */
    static double gib(Quantity q) {
        return q.getNumericalAmount().divide(GIB, 3, RoundingMode.CEILING).doubleValue();
    }

    /** Whole GiB, rounded up. */
    static int wholeGib(BigDecimal bytes) {
        return bytes.divide(GIB, 0, RoundingMode.CEILING).intValueExact();
    }

    /** Parses a quantity string, or null when it is not one. */
    static Quantity parse(String value) {
        try {
            Quantity q = new Quantity(value);
            q.getNumericalAmount();
            return q;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
