package dev.ecivk.provider;

import dev.ecivk.provider.model.ImageCacheRequest;
import dev.ecivk.provider.model.ImageCacheState;
import java.util.Optional;

/** Image caches: snapshots with pre-pulled images that container groups start from. */
public interface ImageCaches {

    /**
     * Starts building an image cache. Idempotent on {@link ImageCacheRequest#clientToken()} where the cloud honours
     * it.
     *
     * @return the image cache id ({@code imc-…})
     */
    String createImageCache(ImageCacheRequest request) throws ProviderException;

    /** One image cache by id; empty when it does not exist (any more). */
    Optional<ImageCacheState> describeImageCache(String imageCacheId) throws ProviderException;

    /** Deletes an image cache; {@link FailureClass#NOT_FOUND} when it is already gone. */
    void deleteImageCache(String imageCacheId) throws ProviderException;
}
