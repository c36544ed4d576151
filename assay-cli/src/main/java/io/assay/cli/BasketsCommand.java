package io.assay.cli;

import static io.assay.cli.CommerceOutput.num;

import io.assay.app.Assay;
import io.assay.app.Commerce;
import io.assay.commerce.Affinity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code assay baskets DATA}: products bought together (pairs, rules, itemsets). */
@Command(
        name = "baskets",
        mixinStandardHelpOptions = true,
        description = {
            "Products bought together: the most frequent pairs, rules by lift (with",
            "support and confidence), and frequent itemsets (FP-growth). A rule needs its",
            "products bought together in --min-pairs baskets by --min-customers different",
            "customers, so one customer's habit is not a rule."
        },
        footer = {
            "",
            "Examples:",
            "  assay baskets ../shared/data/instacart/mini64",
            "  assay baskets ../shared/data/instacart/mini64 --product 24852 --min-pairs 2",
            "  assay baskets ../shared/data/instacart/mini64 --min-customers 1   (rules by basket count only)",
            "  assay baskets orders/ --min-pairs 100 --show rules -o rules.csv",
            "  assay baskets online_retail.csv --by customers --itemsets 0.01",
            "  assay baskets lines.csv --order receipt --item sku --customer member"
        })
final class BasketsCommand implements Callable<Integer> {

    enum Show {
        PAIRS,
        RULES,
        ITEMSETS,
        ALL
    }

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CommerceInput input;

    @Option(names = "--top", defaultValue = "20", paramLabel = "N", description = "How many of each (default: 20).")
    int top;

    @Option(
            names = "--min-pairs",
            defaultValue = "10",
            paramLabel = "N",
            description = "A rule needs at least N transactions with both products (default: 10).")
    long minPairs;

    @Option(
            names = "--min-customers",
            defaultValue = "3",
            paramLabel = "N",
            description = "A rule also needs N different customers who bought both together (default: 3; 1: no"
                    + " such floor). Not applied when the data names no customers (the output says so).")
    int minCustomers;

    @Option(names = "--min-support", defaultValue = "0", paramLabel = "S", description = "Minimum rule support.")
    double minSupport;

    @Option(names = "--min-confidence", defaultValue = "0", paramLabel = "C", description = "Minimum rule confidence.")
    double minConfidence;

    @Option(names = "--min-lift", defaultValue = "0", paramLabel = "L", description = "Minimum rule lift.")
    double minLift;

    @Option(
            names = "--by",
            defaultValue = "baskets",
            paramLabel = "baskets|customers",
            description = "Count baskets (orders) or distinct customers (default: baskets).")
    Affinity.CountBy by;

    @Option(
            names = "--itemsets",
            defaultValue = "0",
            paramLabel = "SUPPORT",
            description = "Also find itemsets of 3+ products with at least this support (FP-growth; e.g. 0.01).")
    double itemsets;

    @Option(
            names = "--show",
            defaultValue = "all",
            paramLabel = "pairs|rules|itemsets|all",
            description = "What to print (CSV: the first shown; default: all).")
    Show show;

    @Option(
            names = "--product",
            paramLabel = "ID",
            description = "Only what is bought with this product: every product seen with it in --min-pairs or more "
                    + "transactions, by confidence.")
    String product;

    @Mixin
    CommerceOutput output;

    @Mixin
    CommonOptions common;

    private final Map<String, String> environment;

    BasketsCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        output.effectiveFormat(); // an -o name of unknown format is refused before any work
        var options = Affinity.Options.defaults()
                .withTop(top)
                .withMinPairCount(minPairs)
                .withMinCustomers(minCustomers)
                .withRuleThresholds(minSupport, minConfidence, minLift)
                .withCountBy(by)
                .withItemsets(itemsets, 3);
        String unit = by == Affinity.CountBy.BASKETS ? "baskets" : "customers";
        if (product != null) {
            return boughtWith(options, unit);
        }
        Commerce.Report<Affinity.Result> report;
        try (Assay assay = Assay.open(common.home(environment), Assay.Engine.fromEnvironment(environment));
                var progress = TerminalProgress.start(spec.commandLine().getErr(), "baskets")) {
            report = new Commerce(assay).affinity(input.source(), options, progress);
        }
        Affinity.Result r = report.result();
        var tables = new ArrayList<CommerceOutput.Table>();
        if (show == Show.PAIRS || show == Show.ALL) {
            var rows = new ArrayList<List<String>>();
            for (var p : r.pairs()) {
                rows.add(List.of(
                        String.valueOf(p.rank()),
                        p.itemA(),
                        p.nameA(),
                        p.itemB(),
                        p.nameB(),
                        String.valueOf(p.count()),
                        String.valueOf(p.customers()),
                        num(p.support()),
                        num(p.confidenceAToB()),
                        num(p.confidenceBToA()),
                        num(p.lift())));
            }
            tables.add(new CommerceOutput.Table(
                    "Top pairs (by " + unit + " with both)",
                    List.of(
                            "rank",
                            "item_a",
                            "name_a",
                            "item_b",
                            "name_b",
                            "count",
                            "customers",
                            "support",
                            "conf_a_b",
                            "conf_b_a",
                            "lift"),
                    rows));
        }
        if (show == Show.RULES || show == Show.ALL) {
            tables.add(ruleTable("Rules by lift (" + floors(unit, report.data().customers() > 0) + ")", r.rules()));
        }
        if ((show == Show.ITEMSETS || show == Show.ALL) && itemsets > 0) {
            var rows = new ArrayList<List<String>>();
            for (var s : r.itemsets()) {
                rows.add(List.of(
                        String.valueOf(s.rank()),
                        String.join(" + ", s.items()),
                        String.join(" + ", s.names()),
                        String.valueOf(s.count()),
                        num(s.support())));
            }
            tables.add(new CommerceOutput.Table(
                    "Frequent itemsets (FP-growth, support ≥ " + itemsets + ")",
                    List.of("rank", "items", "names", "count", "support"),
                    rows));
        }
        var lines = new ArrayList<>(CommerceOutput.describe(report.data()));
        lines.add(String.format(
                java.util.Locale.ROOT, "%,d %s, %,d products", r.transactions(), unit, r.distinctItems()));
        output.emit(spec.commandLine().getOut(), new CommerceOutput.View(lines, tables, report));
        return 0;
    }

    private int boughtWith(Affinity.Options options, String unit) {
        Commerce.Report<List<Affinity.Rule>> report;
        try (Assay assay = Assay.open(common.home(environment), Assay.Engine.fromEnvironment(environment));
                var progress = TerminalProgress.start(spec.commandLine().getErr(), "baskets")) {
            report = new Commerce(assay).boughtWith(input.source(), product, options, progress);
        }
        var table = ruleTable(
                "Bought with " + product + " (" + floors(unit, report.data().customers() > 0) + ")", report.result());
        output.emit(
                spec.commandLine().getOut(),
                new CommerceOutput.View(CommerceOutput.describe(report.data()), List.of(table), report));
        return 0;
    }

    /** What a rule had to reach, in words; says so when one customer's habit could not be ruled out. */
    private String floors(String unit, boolean customersKnown) {
        if (unit.equals("customers")) {
            return "bought together by at least " + Math.max(minPairs, minCustomers) + " customers";
        }
        String needed = "bought together in at least " + minPairs + " " + unit;
        if (customersKnown && minCustomers <= 1) {
            return needed;
        }
        if (!customersKnown) {
            return needed + "; the data names no customers, so one customer's habit is not ruled out";
        }
        return needed + " by at least " + minCustomers + " different customers";
    }

    private static CommerceOutput.Table ruleTable(String title, List<Affinity.Rule> rules) {
        var rows = new ArrayList<List<String>>();
        for (var x : rules) {
            rows.add(List.of(
                    String.valueOf(x.rank()),
                    x.antecedent(),
                    x.antecedentName(),
                    x.consequent(),
                    x.consequentName(),
                    String.valueOf(x.count()),
                    String.valueOf(x.customers()),
                    num(x.support()),
                    num(x.confidence()),
                    num(x.lift())));
        }
        return new CommerceOutput.Table(
                title,
                List.of(
                        "rank",
                        "antecedent",
                        "antecedent_name",
                        "consequent",
                        "consequent_name",
                        "count",
                        "customers",
                        "support",
                        "confidence",
                        "lift"),
                rows);
    }
}
