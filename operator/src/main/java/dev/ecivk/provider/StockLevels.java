package dev.ecivk.provider;

import dev.ecivk.provider.model.StockQuery;
import dev.ecivk.provider.model.ZoneStock;
import java.util.List;

/**
 * Where the cloud has stock: per zone, the stock level of an instance type, a family, or the types of a size (ECI's
 * DescribeAvailableResource), so placement can skip a sold-out zone before a create fails there.
 *
 * <p><b>Cost.</b> One call per query, no paging; ECI documents no quota for it, so cache answers (tens of seconds)
 * and refresh on a no-stock failure. Zones with nothing to offer for the query are left out of the answer; an empty
 * answer means no zone sells it.
 */
public interface StockLevels {

    List<ZoneStock> stock(StockQuery query) throws ProviderException;

    /** Where the shortage behind a {@link FailureClass#CAPACITY} failure of a create lies. */
    enum Shortage {
        /** The vSwitch (e.g. no IP addresses left): another vSwitch, even in the same zone, may do. */
        VSWITCH,
        /** The zone has no stock for the spec: another zone may. */
        ZONE,
        /** The account (its regional quota): no vSwitch or zone can help until usage falls or the quota rises. */
        ACCOUNT
    }

    /**
     * Where the shortage behind a capacity failure of a create lies, read from the provider's error code. A
     * provider that cannot tell answers {@link Shortage#VSWITCH}: try the next vSwitch, assume nothing of the zone.
     */
    default Shortage shortage(ProviderException capacityFailure) {
        return Shortage.VSWITCH;
    }
}
