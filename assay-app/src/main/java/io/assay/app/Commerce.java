package io.assay.app;

import io.assay.commerce.Affinity;
import io.assay.commerce.Customers;
import io.assay.commerce.Interactions;
import io.assay.commerce.Journey;
import io.assay.commerce.LoadReport;
import io.assay.commerce.OrderData;
import io.assay.commerce.OrderSource;
import io.assay.commerce.Recommender;
import io.assay.commerce.RecommenderRegistry;
import io.assay.core.Progress;
import io.assay.ml.registry.StagedModel;
import java.util.List;

/**
 * The customer-analytics and recommendation use cases over order data: basket affinity, journey, customer value and
 * churn, and trained recommenders, versioned in the model registry beside the models.
 *
 * <pre>{@code
 * try (Assay assay = Assay.open(home)) {
 *     Commerce commerce = new Commerce(assay);
 *     var pairs = commerce.affinity(OrderSource.detect(dir, InstacartLines.BOTH), Affinity.Options.defaults(), Progress.NONE);
 *     commerce.train("shop", source, Recommender.Options.defaults(), Progress.NONE);
 *     var recs = commerce.recommender("shop").recommend("42", Recommender.Request.top(10));
 * }
 * }</pre>
 */
public final class Commerce {

    /** A result together with how the order data was read (layout, lines used, every problem found). */
    public record Report<T>(LoadReport data, T result) {}

    private final Assay assay;
    private final RecommenderRegistry registry;

    /** The use cases with the recommenders of {@code assay}'s data directory. */
    public Commerce(Assay assay) {
        this(assay, RecommenderRegistry.open(assay.home().registry()));
    }

    /** The use cases with the recommenders of another registry (the server keeps one registry per user). */
    public Commerce(Assay assay, RecommenderRegistry registry) {
        this.assay = assay;
        this.registry = registry;
    }

    public Report<Affinity.Result> affinity(OrderSource source, Affinity.Options options, Progress progress) {
        try (OrderData data = OrderData.load(assay.engine(), source, Assay.scaled(progress, 0, 0.4))) {
            return new Report<>(data.report(), Affinity.analyse(data, options, Assay.scaled(progress, 0.4, 1)));
        }
    }

    /** What is bought with one product ({@link Affinity#boughtWith}). */
    public Report<List<Affinity.Rule>> boughtWith(
            OrderSource source, String item, Affinity.Options options, Progress progress) {
        try (OrderData data = OrderData.load(assay.engine(), source, Assay.scaled(progress, 0, 0.7))) {
            return new Report<>(data.report(), Affinity.boughtWith(data, item, options));
        }
    }

    public Report<Journey.Result> journey(OrderSource source, Progress progress) {
        try (OrderData data = OrderData.load(assay.engine(), source, Assay.scaled(progress, 0, 0.7))) {
            return new Report<>(data.report(), Journey.analyse(data));
        }
    }

    public Report<Customers.Result> customers(OrderSource source, Customers.Options options, Progress progress) {
        try (OrderData data = OrderData.load(assay.engine(), source, Assay.scaled(progress, 0, 0.7))) {
            return new Report<>(data.report(), Customers.analyse(data, options));
        }
    }

    /**
     * A trained recommender: which version of which name it was registered as, and how it was trained.
     *
     * @param id {@code name@version}
     */
    public record Trained(String id, int version, Recommender.Provenance provenance) {}

    /** Trains a recommender on the order data and registers it as the next version of {@code name}. */
    public Report<Trained> train(String name, OrderSource source, Recommender.Options options, Progress progress) {
        return register(stage(name, source, options, progress));
    }

    /** A trained recommender whose files are in the registry but which is not a version yet. */
    public record Staged(StagedModel model, Recommender.Provenance provenance) {}

    /**
     * Trains as {@link #train} does but only stages the recommender, for callers that register it in a step of their
     * own (the service registers it in the transaction that records the training job's result).
     */
    public Report<Staged> stage(String name, OrderSource source, Recommender.Options options, Progress progress) {
        Interactions interactions;
        LoadReport report;
        try (OrderData data = OrderData.load(assay.engine(), source, Assay.scaled(progress, 0, 0.2))) {
            interactions = Interactions.fromOrders(data);
            report = data.report();
        }
        Recommender model = Recommender.train(interactions, options, Assay.scaled(progress, 0.2, 1));
        return new Report<>(report, new Staged(store().stage(name, model), model.provenance()));
    }

    /** Registers a staged recommender as the next version of its name. */
    public Report<Trained> register(Report<Staged> staged) {
        var version = store().register(staged.result().model());
        return new Report<>(
                staged.data(),
                new Trained(version.id(), version.version(), staged.result().provenance()));
    }

    /**
     * A stored recommender: {@code NAME} (production, else the latest version) or {@code NAME@VERSION}; null means the
     * only one there is.
     */
    public Recommender recommender(String ref) {
        return store().load(ref == null ? onlyRecommender() : ref);
    }

    /** The name of the only stored recommender; an error saying what to do when there are none or several. */
    public String onlyRecommender() {
        List<String> names = recommenders();
        if (names.size() == 1) {
            return names.getFirst();
        }
        if (names.isEmpty()) {
            throw new io.assay.commerce.RecommenderNotFoundException("(any)", names);
        }
        throw new io.assay.core.error.InvalidOptionException(
                "--model",
                "(missing)",
                "there are " + names.size() + " recommenders (" + String.join(", ", names)
                        + "): name one with --model");
    }

    public List<String> recommenders() {
        return store().names();
    }

    /** How a stored recommender was trained, without loading it. */
    public Recommender.Provenance describe(String ref) {
        return store().describe(ref);
    }

    private RecommenderRegistry store() {
        return registry;
    }
}
