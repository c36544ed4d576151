package io.assay.cli;

import io.assay.app.Assay;
import io.assay.app.Commerce;
import io.assay.commerce.Recommender;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code assay recommend train DATA --name NAME}: trains and stores an implicit-ALS recommender. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Train a recommender (implicit ALS) on order data and register it as the next version of NAME in the model registry (assay models).",
            "Regularisation is chosen by validation unless given."
        },
        footer = {
            "",
            "Examples:",
            "  assay recommend train ../shared/data/instacart-synth --lines prior --name synth",
            "  assay recommend train online_retail.csv --name shop --factors 32 --regularization 0.1"
        })
final class CommerceTrainCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CommerceInput input;

    @Option(
            names = "--name",
            paramLabel = "NAME",
            description = "Name to register the model under (default: the data folder's or file's name).")
    String name;

    @Option(names = "--factors", defaultValue = "64", paramLabel = "K", description = "Latent factors (default: 64).")
    int factors;

    @Option(names = "--iterations", defaultValue = "15", paramLabel = "N", description = "ALS sweeps (default: 15).")
    int iterations;

    @Option(
            names = "--alpha",
            defaultValue = "1",
            paramLabel = "A",
            description = "Confidence 1 + A × purchase count (default: 1).")
    double alpha;

    @Option(
            names = "--regularization",
            paramLabel = "L",
            description = "Ridge weight per interaction (ALS-WR; default: chosen by validation).")
    Double regularization;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "Random seed (default: 42).")
    long seed;

    @Mixin
    CommerceOutput output;

    @Mixin
    CommonOptions common;

    private final Map<String, String> environment;

    CommerceTrainCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        output.effectiveFormat(); // an -o name of unknown format is refused before any work
        if (name == null) {
            name = defaultName(input.data);
        }
        var options = Recommender.Options.defaults()
                .withFactors(factors)
                .withIterations(iterations)
                .withAlpha(alpha)
                .withRegularization(regularization == null ? Double.NaN : regularization)
                .withSeed(seed)
                .withThreads(Assay.Engine.fromEnvironment(environment).threads());
        Commerce.Report<Commerce.Trained> report;
        try (Assay assay = Assay.open(common.home(environment), Assay.Engine.fromEnvironment(environment));
                var progress = TerminalProgress.start(spec.commandLine().getErr(), "training " + name)) {
            report = new Commerce(assay).train(name, input.source(), options, progress);
        }
        var p = report.result().provenance();
        var lines = new ArrayList<>(CommerceOutput.describe(report.data()));
        lines.add(String.format(
                Locale.ROOT,
                "Trained recommender %s: %,d customers × %,d products (%,d interactions), %d factors, λ %s%s, %.1f s",
                report.result().id(),
                p.users(),
                p.items(),
                p.nonZeros(),
                p.options().factors(),
                p.regularization(),
                p.validation().isEmpty() ? "" : " (chosen by validation)",
                p.trainSeconds()));
        if (!p.nextBasketValidation().isEmpty()) {
            lines.add(String.format(
                    Locale.ROOT,
                    "Next basket ranks a customer's items by (share of their orders)^%s × repeat share (chosen on each"
                            + " customer's last order)",
                    p.nextBasketExponent()));
        }
        var rows = new ArrayList<List<String>>();
        // in the order of λ (the provenance keeps them so), the one kept marked
        p.validation()
                .forEach((l, v) -> rows.add(List.of(
                        l,
                        String.format(Locale.ROOT, "%.4f", v),
                        Double.parseDouble(l) == p.regularization() ? "chosen" : "")));
        var tables = new ArrayList<CommerceOutput.Table>();
        if (!rows.isEmpty()) {
            tables.add(new CommerceOutput.Table(
                    "Validation (precision@10 on held-out purchases)",
                    List.of("regularization", "precision_at_10", "chosen"),
                    rows));
        }
        lines.add("Registered as a candidate; versions, promotion and rollback: assay models show " + name);
        output.emit(spec.commandLine().getOut(), new CommerceOutput.View(lines, tables, report));
        return 0;
    }

    /** The data folder's or file's name without extensions, made a valid model name ({@code orders.csv.gz} → orders). */
    static String defaultName(java.nio.file.Path data) {
        var file = data.toAbsolutePath().normalize().getFileName();
        String base = file == null ? "" : file.toString().replaceFirst("\\..*$", "");
        String cleaned = base.replaceAll("[^A-Za-z0-9._-]", "-").replaceFirst("^[^A-Za-z0-9]+", "");
        return cleaned.isEmpty() ? "recommender" : cleaned.substring(0, Math.min(100, cleaned.length()));
    }
}
