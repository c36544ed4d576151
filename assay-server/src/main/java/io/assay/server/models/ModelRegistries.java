package io.assay.server.models;

import io.assay.app.Assay;
import io.assay.app.Models;
import io.assay.ml.registry.ModelRegistry;
import io.assay.server.security.Caller;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * One model registry per owner, so that a user's models are invisible to everyone else: under
 * {@code <data dir>/server/models/<owner id>/}. Without authentication ({@code --no-auth}) the local caller works on
 * the data directory's own registry, the one {@code assay train} and {@code assay models} use.
 */
@Component
class ModelRegistries {

    private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private final Assay assay;
    private final Path root;
    private final Map<String, Models> byOwner = new ConcurrentHashMap<>();

    ModelRegistries(Assay assay) {
        this.assay = assay;
        this.root = assay.home().root().resolve("server").resolve("models");
    }

    /** The model use cases over {@code owner}'s registry (one instance per owner: the registry locks per instance). */
    Models of(String owner) {
        if (Caller.LOCAL_OWNER.equals(owner)) {
            return assay.models();
        }
        if (!OWNER.matcher(owner).matches()) {
            throw new IllegalArgumentException("not an owner id: " + owner);
        }
        return byOwner.computeIfAbsent(owner, o -> assay.models(ModelRegistry.open(root.resolve(o))));
    }
}
