package dev.ecivk.provider;

import dev.ecivk.provider.model.PriceQuote;
import dev.ecivk.provider.model.PriceRequest;

/**
 * What a configuration costs (ECI's DescribeContainerGroupPrice): per second for a cpu/memory size or an instance
 * type, and per hour per zone for spot capacity.
 *
 * <p><b>Cost.</b> One call per quote; ECI allows 1,000 a minute. Prices change rarely: cache one quote per distinct
 * configuration. A size the cloud does not sell fails as {@link FailureClass#PERMANENT} with code {@code
 * InvalidParam.CpuOrMemorySpec}.
 */
public interface PriceQuotes {

    PriceQuote quote(PriceRequest request) throws ProviderException;
}
