package io.assay.server.commerce;

import io.assay.commerce.Affinity;
import io.assay.commerce.Customers;
import io.assay.commerce.Recommender;
import io.assay.core.error.InvalidOptionException;
import io.assay.server.datasets.Datasets;
import io.assay.server.jobs.JobContext;
import io.assay.server.jobs.JobHandler;
import io.assay.server.jobs.JobRecord;
import io.assay.server.models.ModelRegistries;
import java.util.Locale;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Customer analytics on an uploaded order-lines dataset (affinity, journey, customers) and recommender training; the
 * job's result is the analysis (with how the order data was read) or the registered recommender.
 */
@Component
class CommerceJob implements JobHandler {

    static final String KIND = "commerce";

    /** What a commerce job does. */
    enum Operation {
        AFFINITY,
        JOURNEY,
        CUSTOMERS,
        TRAIN;

        static Operation parse(String s) {
            try {
                return valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidOptionException("analysis", s, "use affinity, journey or customers");
            }
        }
    }

    /** The stored request: the operation, its body, and the recommender's name in the owner's registry. */
    record Request(Operation operation, OrdersBody body, String recommender) {}

    private final ModelRegistries registries;
    private final Datasets datasets;
    private final JsonMapper json;

    CommerceJob(ModelRegistries registries, Datasets datasets, JsonMapper json) {
        this.registries = registries;
        this.datasets = datasets;
        this.json = json;
    }

    @Override
    public String kind() {
        return KIND;
    }

    static Affinity.Options affinity(OrdersBody b) {
        var o = Affinity.Options.defaults();
        if (b.countBy() != null) {
            o = o.withCountBy(
                    switch (b.countBy().toLowerCase(Locale.ROOT)) {
                        case "baskets" -> Affinity.CountBy.BASKETS;
                        case "customers" -> Affinity.CountBy.CUSTOMERS;
                        default ->
                            throw new InvalidOptionException("count_by", b.countBy(), "use baskets or customers");
                    });
        }
        if (b.top() != null) {
            o = o.withTop(b.top());
        }
        if (b.minPairs() != null) {
            o = o.withMinPairCount(b.minPairs());
        }
        if (b.minCustomers() != null) {
            o = o.withMinCustomers(b.minCustomers());
        }
        return o.withRuleThresholds(
                b.minSupport() == null ? o.minSupport() : b.minSupport(),
                b.minConfidence() == null ? o.minConfidence() : b.minConfidence(),
                b.minLift() == null ? o.minLift() : b.minLift());
    }

    static Recommender.Options training(OrdersBody b) {
        var o = Recommender.Options.defaults();
        if (b.factors() != null) {
            o = o.withFactors(b.factors());
        }
        if (b.iterations() != null) {
            o = new Recommender.Options(
                    o.factors(), b.iterations(), o.alpha(), o.regularization(), o.cgSteps(), o.threads(), o.seed());
        }
        return o;
    }

    @Override
    public Outcome run(JobRecord job, JobContext context) {
        Request r = json.treeToValue(job.request(), Request.class);
        var source = r.body().source(id -> datasets.find(job.owner(), id), datasets::file);
        var commerce = registries.commerce(job.owner());
        return new Outcome(
                switch (r.operation()) {
                    case AFFINITY -> done(commerce.affinity(source, affinity(r.body()), context.progress()));
                    case JOURNEY -> done(commerce.journey(source, context.progress()));
                    case CUSTOMERS ->
                        done(commerce.customers(source, Customers.Options.defaults(), context.progress()));
                    case TRAIN -> {
                        // registered in the job's final transaction: a training killed midway leaves no version
                        var staged = commerce.stage(r.recommender(), source, training(r.body()), context.progress());
                        yield db -> commerce.register(staged);
                    }
                });
    }

    private static Function<JdbcClient, Object> done(Object result) {
        return db -> result;
    }
}
