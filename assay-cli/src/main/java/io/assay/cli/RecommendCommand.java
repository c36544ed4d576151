package io.assay.cli;

import io.assay.app.Assay;
import io.assay.app.Commerce;
import io.assay.commerce.Recommender;
import io.assay.core.error.InvalidOptionException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code assay recommend --model NAME --customer ID}: recommendations from a trained recommender. */
@Command(
        name = "recommend",
        mixinStandardHelpOptions = true,
        subcommands = {CommerceTrainCommand.class},
        description = {
            "Recommend products to a customer from a trained recommender ('assay recommend train' makes one):",
            "personal, next basket (staples first), or for a new customer from the items they chose."
        },
        footer = {
            "",
            "Examples:",
            "  assay recommend train ../shared/data/instacart-synth --lines prior --name synth",
            "  assay recommend --model synth --customer 42 --top 10 --explain",
            "  assay recommend --model synth --customer 42 --next-basket",
            "  assay recommend --model synth --items 24852,13176 --exclude-bought",
            "  assay recommend --list"
        })
final class RecommendCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "CUSTOMER_ID", description = "The customer to recommend to.")
    String customerId;

    @Option(
            names = "--model",
            paramLabel = "NAME[@VERSION]",
            description = "The trained recommender (default: the only one there is).")
    String model;

    @Option(names = "--customer", paramLabel = "ID", description = "The customer to recommend to (or CUSTOMER_ID).")
    String customer;

    @Option(
            names = "--items",
            split = ",",
            paramLabel = "ID",
            description = "A new customer's items (comma-separated): recommend from these (cold start); they are"
                    + " never recommended back.")
    List<String> items = new ArrayList<>();

    @Option(names = "--top", defaultValue = "10", paramLabel = "N", description = "How many (default: 10).")
    int top;

    @Option(names = "--exclude-bought", description = "Leave out what the customer already bought.")
    boolean excludeBought;

    @Option(names = "--exclude", split = ",", paramLabel = "ID", description = "Items never to recommend.")
    List<String> exclude = new ArrayList<>();

    @Option(names = "--among", split = ",", paramLabel = "ID", description = "Recommend only among these items.")
    List<String> among = new ArrayList<>();

    @Option(names = "--next-basket", description = "The customer's likely next basket: their staples, then new items.")
    boolean nextBasket;

    @Option(names = "--explain", description = "Show which of the customer's purchases led to each item.")
    boolean explain;

    @Option(names = "--list", description = "List the trained recommenders and how each was trained.")
    boolean list;

    @Mixin
    CommerceOutput output;

    @Mixin
    CommonOptions common;

    private final Map<String, String> environment;

    RecommendCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        output.effectiveFormat(); // an -o name of unknown format is refused before any work
        if (list) {
            return list();
        }
        if (customerId != null) {
            if (customer != null && !customer.equals(customerId)) {
                throw new InvalidOptionException("--customer", customer, "give the customer once");
            }
            customer = customerId;
        }
        if ((customer == null) == items.isEmpty()) {
            throw new InvalidOptionException(
                    "--customer", customer == null ? "(missing)" : customer, "give either --customer or --items");
        }
        Recommender.Recommendations recs;
        try (Assay assay = Assay.open(common.home(environment), Assay.Engine.fromEnvironment(environment))) {
            var commerce = new Commerce(assay);
            if (model == null) {
                model = commerce.onlyRecommender();
            }
            Recommender r = commerce.recommender(model);
            var request = new Recommender.Request(
                    top, excludeBought, new LinkedHashSet<>(exclude), Set.copyOf(among), explain);
            if (nextBasket) {
                if (customer == null) {
                    throw new InvalidOptionException("--next-basket", "--items", "a next basket needs --customer");
                }
                recs = r.nextBasket(customer, top);
            } else if (customer != null) {
                recs = r.recommend(customer, request);
            } else {
                recs = r.recommendForItems(items, request);
            }
        }
        String basis = switch (recs.basis()) {
            case Recommender.Basis.Personal p -> "personal (the customer's purchase history)";
            case Recommender.Basis.FoldIn f ->
                "a new customer folded in from " + f.items() + " known item(s)"
                        + (f.withoutDepartments()
                                ? " (one or two items get the popular items of their departments, but this data names"
                                        + " no departments)"
                                : "")
                        + "; score: predicted preference";
            case Recommender.Basis.Popular p ->
                "most popular items (" + p.reason() + "); score: share of customers who bought the item";
            case Recommender.Basis.PopularInDepartments d ->
                "a new customer with too few items to fold in: most popular in " + String.join(", ", d.departments())
                        + "; score: share of customers who bought the item";
            case Recommender.Basis.NextBasket n ->
                n.repeats() + " staple(s) by frequency × repeat share, then new items";
        };
        var rows = new ArrayList<List<String>>();
        int rank = 1;
        for (var s : recs.items()) {
            rows.add(List.of(
                    String.valueOf(rank++),
                    s.item(),
                    s.name() == null ? "" : s.name(),
                    String.format(Locale.ROOT, "%.4f", s.score()),
                    String.join("; ", s.because())));
        }
        var lines = List.of(
                "Recommendations" + (customer == null ? "" : " for customer " + customer) + " from '" + model + "'",
                "Basis: " + basis);
        output.emit(
                spec.commandLine().getOut(),
                new CommerceOutput.View(
                        lines,
                        List.of(new CommerceOutput.Table(
                                "Items", List.of("rank", "item", "name", "score", "because"), rows)),
                        recs));
        return 0;
    }

    private int list() {
        var rows = new ArrayList<List<String>>();
        var provenances = new java.util.LinkedHashMap<String, Recommender.Provenance>();
        try (Assay assay = Assay.open(common.home(environment), Assay.Engine.fromEnvironment(environment))) {
            var commerce = new Commerce(assay);
            for (String name : commerce.recommenders()) {
                var p = commerce.describe(name);
                provenances.put(name, p);
                rows.add(List.of(
                        name,
                        String.valueOf(p.users()),
                        String.valueOf(p.items()),
                        String.valueOf(p.options().factors()),
                        String.valueOf(p.regularization()),
                        p.trainedAt()));
            }
        }
        output.emit(
                spec.commandLine().getOut(),
                new CommerceOutput.View(
                        List.of(rows.size() + " recommender(s) in the data directory"),
                        List.of(new CommerceOutput.Table(
                                "Recommenders",
                                List.of("name", "customers", "items", "factors", "regularization", "trained_at"),
                                rows)),
                        provenances));
        return 0;
    }
}
