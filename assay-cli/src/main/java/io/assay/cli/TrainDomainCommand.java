package io.assay.cli;

import io.assay.app.Assay;
import io.assay.app.RevenueLeakage;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code assay train-domain retail LABELLED.csv}: retrain a domain's leak model on the user's labelled history. */
@Command(
        name = "train-domain",
        mixinStandardHelpOptions = true,
        description = {
            "Retrain a domain's leak model (XGBoost over the pack's features) on labelled data: a label column",
            "(leak_type, label, anomaly_type; empty or 'none' for clean rows) or a truth file (row_index,type).",
            "The model is registered as leakage-DOMAIN and used by later analyses."
        },
        footer = {
            "",
            "Examples:",
            "  assay train-domain retail history.csv --label leak_type",
            "  assay generate telecom --rows 50000 --out bills.csv && assay train-domain telecom bills.csv"
        })
final class TrainDomainCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DOMAIN", description = "retail (alias supermarket), telecom or a pack.")
    String domain;

    @Parameters(index = "1", paramLabel = "FILE", description = "The labelled table.")
    Path file;

    @Option(names = "--label", paramLabel = "COLUMN", description = "The column holding each row's leak type.")
    String label;

    @Option(
            names = "--truth",
            paramLabel = "FILE",
            description =
                    "A truth file (row_index,type); default: the .truth.csv (or .truth.parquet beside a Parquet FILE) the generator writes, if any.")
    Path truth;

    @Mixin
    DomainOptions pack;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed (default: 42).")
    long seed;

    @Mixin
    IngestOptions input;

    @Mixin
    OutputOptions output;

    @Mixin
    CommonOptions common;

    private final Map<String, String> environment;

    TrainDomainCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        var request = new RevenueLeakage.TrainDomainRequest(
                file, input.toOptions(), domain, pack.mapping, pack.params, label, truth, seed);
        RevenueLeakage.Trained trained;
        try (Assay assay = Assay.open(common.home(environment), Assay.Engine.fromEnvironment(environment));
                var progress = TerminalProgress.start(spec.commandLine().getErr(), "training " + domain)) {
            trained = assay.leakage().trainDomain(request, progress);
        }
        ModelReport.emitTrained(
                output,
                spec.commandLine().getOut(),
                trained.version(),
                trained.model().evaluation());
        return 0;
    }
}
