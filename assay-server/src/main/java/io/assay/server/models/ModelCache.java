package io.assay.server.models;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.assay.ml.TrainedModel;
import io.assay.server.health.ModelsLoaded;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Trained models loaded for serving, by the checksum of their model document: a version's artifacts never change,
 * so a loaded model stays valid until evicted (least recently used beyond 64 models).
 */
@Component
class ModelCache implements ModelsLoaded {

    private final Cache<String, TrainedModel> loaded =
            Caffeine.newBuilder().maximumSize(64).build();

    TrainedModel get(String documentSha256, Supplier<TrainedModel> load) {
        return loaded.get(documentSha256, k -> load.get());
    }

    void evict(String documentSha256) {
        loaded.invalidate(documentSha256);
    }

    @Override
    public int getAsInt() {
        return (int) loaded.estimatedSize();
    }
}
