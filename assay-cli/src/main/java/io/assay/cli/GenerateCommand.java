package io.assay.cli;

import io.assay.app.Assay;
import io.assay.core.json.Json;
import io.assay.leakage.generator.LeakGenerator;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code assay generate retail|telecom --rows N --leak-rate R --seed S}: labelled data with a truth file. */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = {
            "Write realistic retail sales lines or telecom bills with injected revenue leaks of documented types,",
            "as CSV or Parquet (by the file name), and a truth file beside it in the same format (NAME.truth.csv or",
            "NAME.truth.parquet: row_index,type,revenue_impact,detail) to measure against or to train a leak model on",
            "('assay train-domain')."
        },
        footer = {
            "",
            "Examples:",
            "  assay generate retail --rows 100000 --leak-rate 0.05 --seed 7 --out sales.csv",
            "  assay generate telecom --rows 20000 --leak-rate 0.1 --seed 3 --out bills.parquet"
        })
final class GenerateCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DOMAIN", description = "retail (alias supermarket) or telecom.")
    String domain;

    @Option(names = "--rows", paramLabel = "N", defaultValue = "10000", description = "Rows (default: 10000).")
    int rows;

    @Option(
            names = "--leak-rate",
            paramLabel = "SHARE",
            defaultValue = "0.05",
            description = "Share of rows with a leak (default: 0.05).")
    double leakRate;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed (default: 42).")
    long seed;

    @Option(
            names = {"-o", "--out"},
            paramLabel = "FILE",
            description = "The data file, .csv or .parquet; the truth file is written beside it in the same format"
                    + " (default: DOMAIN.csv).")
    Path out;

    @Option(names = "--format", paramLabel = "table|json", defaultValue = "table", description = "How to print.")
    OutputOptions.Format format;

    @Mixin
    CommonOptions common;

    private final Map<String, String> environment;

    GenerateCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        Path file = out != null ? out : Path.of(domain.toLowerCase(Locale.ROOT) + ".csv");
        LeakGenerator.Generated g;
        try (Assay assay = Assay.open(common.home(environment), Assay.Engine.fromEnvironment(environment))) {
            g = assay.leakage().generate(domain, rows, leakRate, seed, file);
        }
        var w = spec.commandLine().getOut();
        if (format == OutputOptions.Format.JSON) {
            w.println(Json.write(g));
        } else {
            w.printf(
                    Locale.ROOT,
                    "wrote %,d rows to %s, truth in %s%nleaking rows: %s; revenue at risk %,.2f%n",
                    g.rows(),
                    g.data(),
                    g.truth(),
                    g.leaks(),
                    g.revenueAtRisk());
        }
        w.flush();
        return 0;
    }
}
