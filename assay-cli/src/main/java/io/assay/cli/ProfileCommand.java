package io.assay.cli;

import io.assay.app.Assay;
import io.assay.core.json.Json;
import io.assay.core.profile.Profiler;
import io.assay.core.profile.TableProfile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code assay profile FILE}: column statistics, data-quality score and how the file was read. */
@Command(
        name = "profile",
        mixinStandardHelpOptions = true,
        description = {
            "Profile a table (CSV/TSV, gzip, XLSX, Parquet, JSON lines): type, completeness, distinct values,",
            "distribution, top values and outliers of every column (identifiers such as customer or invoice numbers:",
            "uniqueness and top values, no mean), and a 0-100 data-quality score with its reasons (a column more than",
            "20%% empty is named and costs its missing share once more)."
        },
        footer = {
            "",
            "Examples:",
            "  assay profile sales.csv",
            "  assay profile book.xlsx --sheet Orders --format json --out profile.json",
            "  assay profile sales.csv --type 'Postal Code=categorical' --key 'Invoice ID' \\",
            "      --check 'abs(\"Total\" - (cogs + \"Tax 5%%\")) < 0.01'"
        })
final class ProfileCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The file to profile.")
    Path file;

    @Mixin
    IngestOptions input;

    @Option(
            names = "--check",
            paramLabel = "EXPRESSION",
            description =
                    "A cross-column consistency check that every row should satisfy, e.g. 'abs(\"Total\" - (cogs + \"Tax 5%%\")) < 0.01'. Repeatable.")
    List<String> checks = new ArrayList<>();

    @Option(names = "--key", paramLabel = "COLUMN", description = "A column whose values should be unique. Repeatable.")
    List<String> keys = new ArrayList<>();

    @Mixin
    OutputOptions output;

    @Mixin
    CommonOptions common;

    private final Map<String, String> environment;

    ProfileCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        var ingest = input.toOptions();
        var profileOptions = Profiler.Options.defaults().withChecks(checks).withKeys(keys);
        TableProfile profile;
        try (Assay assay = Assay.open(common.home(environment), Assay.Engine.fromEnvironment(environment));
                var progress = TerminalProgress.start(spec.commandLine().getErr(), "profiling " + file.getFileName())) {
            profile = assay.profile(new Assay.ProfileRequest(file, ingest, profileOptions), progress);
        }
        String text = output.format == OutputOptions.Format.JSON ? Json.write(profile) : ProfileReport.render(profile);
        output.emit(spec.commandLine().getOut(), text);
        return 0;
    }
}
