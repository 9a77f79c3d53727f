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
}
