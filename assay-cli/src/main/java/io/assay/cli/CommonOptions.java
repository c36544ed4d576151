package io.assay.cli;

import io.assay.app.AssayHome;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every command takes: where data lives, and whether errors show their stack trace. */
final class CommonOptions {

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Data directory (default: $ASSAY_HOME, else ~/.assay).")
    Path dataDir;

    @Option(names = "--debug", description = "Show stack traces of errors.")
    boolean debug;

    AssayHome home(Map<String, String> environment) {
        return AssayHome.resolve(dataDir, environment);
    }
}
