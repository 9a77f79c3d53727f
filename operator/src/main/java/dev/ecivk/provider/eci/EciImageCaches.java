package dev.ecivk.provider.eci;

import dev.ecivk.provider.ImageCaches;
import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.model.ImageCacheRequest;
import dev.ecivk.provider.model.ImageCacheState;
import java.util.Optional;

/** Image caches on ECI: CreateImageCache, DescribeImageCaches and DeleteImageCache. */
final class EciImageCaches implements ImageCaches {
    private final EciCaller eci;

    EciImageCaches(EciCaller eci) {
        this.eci = eci;
    }

    @Override
    public String createImageCache(ImageCacheRequest request) throws ProviderException {
        return EciResponses.required(
                eci.call("CreateImageCache", EciRequests.createImageCache(eci.regionId(), request), false),
                "ImageCacheId",
                "CreateImageCache");
    }

    @Override
    public Optional<ImageCacheState> describeImageCache(String imageCacheId) throws ProviderException {
        return EciResponses.imageCache(
                eci.call("DescribeImageCaches", EciQueries.imageCache(eci.regionId(), imageCacheId), true),
                imageCacheId);
    }

    @Override
    public void deleteImageCache(String imageCacheId) throws ProviderException {
        eci.call("DeleteImageCache", EciQueries.imageCache(eci.regionId(), imageCacheId), true);
    }
}
