package io.assay.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of Assay that is running, recorded in every artifact's provenance. */
public final class AssayVersion {

    private static final String VERSION = load();

    private AssayVersion() {}

    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = AssayVersion.class.getResourceAsStream("version.properties")) {
            var p = new Properties();
            if (in != null) {
                p.load(in);
            }
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "dev" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
