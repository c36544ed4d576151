package io.assay.ml.zoo;

import io.assay.core.error.InternalException;
import io.assay.ml.SavedEstimator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/**
 * Smile models that have no portable format travel as Java serialization. They are only ever read back from the
 * registry's own artifacts after the checksum matched, and even then through a filter that admits Smile's classes
 * and plain JDK value types only, with limits on depth and size: a tampered file cannot instantiate anything else.
 */
final class JavaSerialized {

    private static final ObjectInputFilter FILTER =
            ObjectInputFilter.Config.createFilter("maxdepth=64;maxrefs=10000000;maxbytes=2000000000;maxarray=500000000;"
                    + "smile.**;io.assay.ml.zoo.BinarySvm;java.lang.*;java.util.*;java.util.function.*;java.lang.invoke.SerializedLambda;"
                    + "[D;[I;[F;[J;[Z;[B;[Ljava.lang.*;[[D;[[I;[[F;!*");

    private JavaSerialized() {}

    static SavedEstimator save(Serializable model) {
        try (var bytes = new ByteArrayOutputStream();
                var out = new ObjectOutputStream(bytes)) {
            out.writeObject(model);
            out.flush();
            return new SavedEstimator(SavedEstimator.JAVA, bytes.toByteArray());
        } catch (IOException e) {
            throw new InternalException("cannot save the model: " + e.getMessage(), e);
        }
    }

    static <T> T load(SavedEstimator saved, Class<T> type) {
        if (!SavedEstimator.JAVA.equals(saved.format())) {
            throw new InternalException("expected a " + SavedEstimator.JAVA + " model, found " + saved.format(), null);
        }
        try (var in = new ObjectInputStream(new ByteArrayInputStream(saved.bytes()))) {
            in.setObjectInputFilter(FILTER);
            return type.cast(in.readObject());
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            throw new InternalException("cannot read the saved model: " + e.getMessage(), e);
        }
    }
}
