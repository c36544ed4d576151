package io.assay.server.health;

import java.util.function.IntSupplier;

/** How many trained models are loaded in memory for serving (the seed's {@code models_loaded}). */
public interface ModelsLoaded extends IntSupplier {}
