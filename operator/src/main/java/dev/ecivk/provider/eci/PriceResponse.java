package dev.ecivk.provider.eci;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** DescribeContainerGroupPrice's answer in its current shape, with its wrappers (eci-api-newer.md §3.4). */
record PriceResponse(@JsonProperty("PriceInfo") PriceInfo priceInfo) {

    record PriceInfo(
            @JsonProperty("Price") Price price,
            @JsonProperty("SpotPrices") SpotPrices spotPrices) {}

    record Price(
            @JsonProperty("Currency") String currency,
            @JsonProperty("OriginalPrice") Double originalPrice,
            @JsonProperty("DiscountPrice") Double discountPrice,
            @JsonProperty("TradePrice") Double tradePrice,
            @JsonProperty("DetailInfos") DetailInfos detailInfos) {}

    record DetailInfos(@JsonProperty("DetailInfo") List<DetailInfo> details) {}

    record DetailInfo(
            @JsonProperty("Resource") String resource,
            @JsonProperty("TradePrice") Double tradePrice) {}

    record SpotPrices(@JsonProperty("SpotPrice") List<SpotPrice> prices) {}

    record SpotPrice(
            @JsonProperty("ZoneId") String zoneId,
            @JsonProperty("InstanceType") String instanceType,
            @JsonProperty("OriginPrice") Double originPrice,
            @JsonProperty("SpotPrice") Double spotPrice) {}
}
