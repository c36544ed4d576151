package io.assay.server;

import java.util.Map;

/** The databases the integration suite runs against. */
public enum Database {
    SQLITE,
    POSTGRESQL;

    /** Properties that point a server at this database (a fresh database per server). */
    Map<String, Object> properties() {
        return switch (this) {
            case SQLITE -> Map.of();
            case POSTGRESQL -> EmbeddedPostgres.shared().newDatabase();
        };
    }
}
