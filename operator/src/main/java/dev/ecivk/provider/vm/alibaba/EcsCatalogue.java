package dev.ecivk.provider.vm.alibaba;

import com.aliyun.ecs20140526.models.DescribeAvailableResourceRequest;
import com.aliyun.ecs20140526.models.DescribeAvailableResourceResponseBody;
import com.aliyun.ecs20140526.models.DescribeInstanceTypesRequest;
import com.aliyun.ecs20140526.models.DescribeInstanceTypesResponseBody;
import com.aliyun.ecs20140526.models.DescribePriceRequest;
import com.aliyun.ecs20140526.models.DescribePriceResponseBody;
import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.vm.InstanceTypeOffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What ECS sells in a zone: the region's types and sizes from DescribeInstanceTypes (cached), the zone's pay-as-you-go
 * types with stock from DescribeAvailableResource (asked every time: stock moves), and hourly prices from
 * DescribePrice through the {@link EcsPriceBook}.
 */
final class EcsCatalogue implements AutoCloseable {
    private static final int TYPE_PAGE = 1600;

    private record Catalogue(Map<String, InstanceTypeOffer> types, long fetchedAtNanos) {}

    private final AlibabaEcsSettings settings;
    private final EcsCalls calls;
    private final EcsPriceBook priceBook;
    private volatile Catalogue catalogue;

    EcsCatalogue(AlibabaEcsSettings settings, EcsCalls calls) {
        this.settings = settings;
        this.calls = calls;
        this.priceBook =
                settings.prices() ? new EcsPriceBook(this::price, settings.priceTtl(), System::nanoTime) : null;
    }

    /** The instance types the zone sells now, smallest first, with the prices known so far. */
    List<InstanceTypeOffer> offers(String zoneId) throws ProviderException {
        Map<String, InstanceTypeOffer> types = types();
        List<InstanceTypeOffer> out = new ArrayList<>();
        for (String id : availableTypes(zoneId)) {
            InstanceTypeOffer t = types.get(id);
            if (t != null) {
                Double price = priceBook == null ? null : priceBook.price(id);
                out.add(new InstanceTypeOffer(t.id(), t.family(), t.cpu(), t.memoryGiB(), t.gpu(), t.gpuSpec(), price));
            }
        }
        out.sort(Comparator.comparingDouble(InstanceTypeOffer::cpu).thenComparingDouble(InstanceTypeOffer::memoryGiB));
        if (priceBook != null) {
            priceBook.refresh(zoneId, out.stream().map(InstanceTypeOffer::id).toList());
        }
        return out;
    }

    /** Every instance type of the region (sizes only), cached for {@link AlibabaEcsSettings#typeCatalogueTtl()}. */
    private Map<String, InstanceTypeOffer> types() throws ProviderException {
        Catalogue cached = catalogue;
        if (cached != null
                && System.nanoTime() - cached.fetchedAtNanos()
                        < settings.typeCatalogueTtl().toNanos()) {
            return cached.types();
        }
        Map<String, InstanceTypeOffer> types = new LinkedHashMap<>();
        String token = null;
        do {
            DescribeInstanceTypesRequest req = new DescribeInstanceTypesRequest()
                    .setMaxResults((long) TYPE_PAGE)
                    .setNextToken(token);
            DescribeInstanceTypesResponseBody body = calls.call(
                    "DescribeInstanceTypes",
                    false,
                    (c, rt) -> c.describeInstanceTypesWithOptions(req, rt).getBody());
            if (body != null
                    && body.getInstanceTypes() != null
                    && body.getInstanceTypes().getInstanceType() != null) {
                for (var t : body.getInstanceTypes().getInstanceType()) {
                    types.put(
                            t.getInstanceTypeId(),
                            new InstanceTypeOffer(
                                    t.getInstanceTypeId(),
                                    t.getInstanceTypeFamily(),
                                    t.getCpuCoreCount() == null ? 0 : t.getCpuCoreCount(),
                                    t.getMemorySize() == null ? 0 : t.getMemorySize(),
                                    t.getGPUAmount() == null ? 0 : t.getGPUAmount(),
                                    t.getGPUSpec() == null || t.getGPUSpec().isEmpty() ? null : t.getGPUSpec(),
                                    null));
                }
            }
            String next = body == null ? null : body.getNextToken();
            token = next == null || next.isEmpty() || next.equals(token) ? null : next;
        } while (token != null);
        catalogue = new Catalogue(Map.copyOf(types), System.nanoTime());
        return types;
    }

    /** The types the zone sells now, pay-as-you-go, with stock. */
    private List<String> availableTypes(String zoneId) throws ProviderException {
        DescribeAvailableResourceRequest req = new DescribeAvailableResourceRequest()
                .setRegionId(settings.regionId())
                .setZoneId(zoneId)
                .setDestinationResource("InstanceType")
                .setInstanceChargeType("PostPaid")
                .setIoOptimized("optimized");
        DescribeAvailableResourceResponseBody body = calls.call(
                "DescribeAvailableResource",
                false,
                (c, rt) -> c.describeAvailableResourceWithOptions(req, rt).getBody());
        List<String> out = new ArrayList<>();
        if (body == null
                || body.getAvailableZones() == null
                || body.getAvailableZones().getAvailableZone() == null) {
            return out;
        }
        for (var zone : body.getAvailableZones().getAvailableZone()) {
            if (!zoneId.equals(zone.getZoneId()) || zone.getAvailableResources() == null) {
                continue;
            }
            for (var resource : zone.getAvailableResources().getAvailableResource()) {
                if (!"InstanceType".equals(resource.getType()) || resource.getSupportedResources() == null) {
                    continue;
                }
                for (var supported : resource.getSupportedResources().getSupportedResource()) {
                    if ("Available".equals(supported.getStatus())) {
                        out.add(supported.getValue());
                    }
                }
            }
        }
        return out;
    }

    /** The hourly pay-as-you-go price of a type (its own line, without the system disk), or null. */
    private Double price(String zoneId, String instanceType) throws ProviderException {
        DescribePriceRequest req = new DescribePriceRequest()
                .setRegionId(settings.regionId())
                .setZoneId(zoneId)
                .setResourceType("instance")
                .setInstanceType(instanceType)
                .setPriceUnit("Hour");
        DescribePriceResponseBody body = calls.call(
                "DescribePrice",
                false,
                (c, rt) -> c.describePriceWithOptions(req, rt).getBody());
        if (body == null || body.getPriceInfo() == null || body.getPriceInfo().getPrice() == null) {
            return null;
        }
        var price = body.getPriceInfo().getPrice();
        if (price.getDetailInfos() != null && price.getDetailInfos().getDetailInfo() != null) {
            for (var detail : price.getDetailInfos().getDetailInfo()) {
                if ("instanceType".equals(detail.getResource()) && detail.getTradePrice() != null) {
                    return detail.getTradePrice().doubleValue();
                }
            }
        }
        return price.getTradePrice() == null ? null : price.getTradePrice().doubleValue();
    }

    @Override
    public void close() {
        if (priceBook != null) {
            priceBook.close();
        }
    }
}
