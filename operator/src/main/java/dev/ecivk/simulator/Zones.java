package dev.ecivk.simulator;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** The zones of the embedded region: those of the configured vSwitches, in order. */
final class Zones {
    private Zones() {}

    static List<String> of(SimulatorSettings settings) {
        return new ArrayList<>(new LinkedHashSet<>(settings.vSwitchZones().values()));
    }

    /** The zone's position (0 = the first zone), which the spot price model keys on. */
    static int index(SimulatorSettings settings, String zone) {
        return of(settings).indexOf(zone);
    }

    /** An unknown zone answers ECI's {@code InvalidParameter.NotFound}. */
    static void require(SimulatorSettings settings, String zone) {
        if (!of(settings).contains(zone)) {
            throw EciApiException.notFound("The specified ZoneId " + zone + " is not found.");
        }
    }
}
