package dev.ecivk.provider.eci;

import dev.ecivk.provider.CloudAccount;
import dev.ecivk.provider.PriceQuotes;
import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.StockLevels;
import dev.ecivk.provider.model.AccountUsage;
import dev.ecivk.provider.model.CloudVirtualNode;
import dev.ecivk.provider.model.PriceQuote;
import dev.ecivk.provider.model.PriceRequest;
import dev.ecivk.provider.model.StockQuery;
import dev.ecivk.provider.model.ZoneStock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the account reports beyond its groups: quota usage (ListUsage), ECI VirtualNodes (DescribeVirtualNodes),
 * stock per zone (DescribeAvailableResource) and prices (DescribeContainerGroupPrice).
 */
final class EciAccount implements CloudAccount, StockLevels, PriceQuotes {
    static final String USAGE = "ListUsage";
    static final String STOCK = "DescribeAvailableResource";
    static final String PRICE = "DescribeContainerGroupPrice";

    private final EciCaller eci;

    EciAccount(EciCaller eci) {
        this.eci = eci;
    }

    @Override
    public AccountUsage usage() throws ProviderException {
        UsageResponse r =
                EciJson.read(eci.call(USAGE, EciQueries.region(eci.regionId()), false), UsageResponse.class, USAGE);
        return new AccountUsage(
                r.value("UsedCpu"),
                r.value("MaxCpu"),
                (long) r.value("UsedImageCacheCount"),
                (long) r.value("MaxImageCacheCount"),
                (long) r.value("UsedAutoImageCacheCount"),
                (long) r.value("MaxAutoImageCacheCount"),
                (long) r.value("UsedDataCacheCount"),
                (long) r.value("MaxDataCacheCount"));
    }

    @Override
    public Optional<CloudVirtualNode> virtualNode(String virtualNodeId) throws ProviderException {
        return EciResponses.virtualNode(
                eci.call("DescribeVirtualNodes", EciQueries.virtualNode(eci.regionId(), virtualNodeId), true),
                virtualNodeId);
    }

    @Override
    public List<ZoneStock> stock(StockQuery query) throws ProviderException {
        AvailableResourceResponse r = EciJson.read(
                eci.call(STOCK, EciQueries.availableResource(eci.regionId(), query), false),
                AvailableResourceResponse.class,
                STOCK);
        List<ZoneStock> out = new ArrayList<>();
        if (r.availableZones() == null) {
            return out;
        }
        for (AvailableResourceResponse.Zone z : EciJson.list(r.availableZones().zones())) {
            if (z.availableResources() == null) {
                continue;
            }
            for (AvailableResourceResponse.Resource res :
                    EciJson.list(z.availableResources().resources())) {
                if (res.supportedResources() == null) {
                    continue;
                }
                for (AvailableResourceResponse.SupportedResource s :
                        EciJson.list(res.supportedResources().resources())) {
                    out.add(new ZoneStock(z.zoneId(), s.value(), level(s.statusCategory())));
                }
            }
        }
        return out;
    }

    /** ECI's stock classes; an unknown class counts as a weak supply, neither preferred nor excluded. */
    static ZoneStock.Level level(String statusCategory) {
        if (statusCategory == null) {
            return ZoneStock.Level.LOW;
        }
        return switch (statusCategory) {
            case "WithStock" -> ZoneStock.Level.IN_STOCK;
            case "WithoutStock" -> ZoneStock.Level.OUT_OF_STOCK;
            case "ClosedWithoutStock" -> ZoneStock.Level.DISCONTINUED;
            default -> ZoneStock.Level.LOW;
        };
    }

    @Override
    public PriceQuote quote(PriceRequest request) throws ProviderException {
        PriceResponse r = EciJson.read(
                eci.call(PRICE, EciQueries.price(eci.regionId(), request), false), PriceResponse.class, PRICE);
        if (r.priceInfo() == null || r.priceInfo().price() == null) {
            throw new ProviderException(
                    dev.ecivk.provider.FailureClass.TRANSIENT,
                    "InvalidResponse",
                    PRICE,
                    "no PriceInfo.Price in the answer");
        }
        PriceResponse.Price p = r.priceInfo().price();
        List<PriceQuote.Component> components = new ArrayList<>();
        if (p.detailInfos() != null) {
            for (PriceResponse.DetailInfo d : EciJson.list(p.detailInfos().details())) {
                components.add(new PriceQuote.Component(d.resource(), orZero(d.tradePrice())));
            }
        }
        List<PriceQuote.SpotPrice> spot = new ArrayList<>();
        if (r.priceInfo().spotPrices() != null) {
            for (PriceResponse.SpotPrice s :
                    EciJson.list(r.priceInfo().spotPrices().prices())) {
                spot.add(new PriceQuote.SpotPrice(
                        s.zoneId(), s.instanceType(), orZero(s.originPrice()), orZero(s.spotPrice())));
            }
        }
        double trade = orZero(p.tradePrice());
        double original = p.originalPrice() == null ? trade : p.originalPrice();
        return new PriceQuote(
                p.currency(),
                trade,
                original,
                p.discountPrice() == null ? original - trade : p.discountPrice(),
                components,
                spot);
    }

    private static double orZero(Double v) {
        return v == null ? 0 : v;
    }
}
