package io.assay.server.commerce;

import io.assay.commerce.Recommender;
import io.assay.server.datasets.Datasets;
import io.assay.server.jobs.JobRecord;
import io.assay.server.jobs.Jobs;
import io.assay.server.models.ModelRegistries;
import io.assay.server.security.Caller;
import io.assay.server.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/commerce}: customer analytics on an uploaded order-lines dataset (product affinity, customer journey,
 * per-customer value, segments and churn risk) as jobs, and implicit-ALS recommenders: train (a job), list,
 * recommendations for a customer, similar products and similar customers. A user's recommenders are theirs alone.
 */
@RestController
@RequestMapping("/api/v1/commerce")
@Tag(name = "commerce", description = "Affinity, journey, customers, recommendations and similar items")
class CommerceController {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,59}");

    private final ModelRegistries registries;
    private final Datasets datasets;
    private final Jobs jobs;

    CommerceController(ModelRegistries registries, Datasets datasets, Jobs jobs) {
        this.registries = registries;
        this.datasets = datasets;
        this.jobs = jobs;
    }

    /**
     * A dataset the body names; an Instacart file named by its file name rather than its dataset's id gets a 404 that
     * says which is wanted (a file name is what a reader of the layout expects to give).
     */
    private io.assay.server.datasets.DatasetRecord dataset(Caller caller, OrdersBody body, String id) {
        try {
            return datasets.ready(caller, id);
        } catch (io.assay.server.web.ApiException e) {
            if (e.status() != org.springframework.http.HttpStatus.NOT_FOUND || !body.isInstacart()) {
                throw e;
            }
            throw new io.assay.server.web.ApiException(
                    e.status(),
                    e.code(),
                    e.getMessage() + ": the Instacart layout names each file by its dataset's id (the dataset.id that"
                            + " POST /api/v1/datasets answered), not by its file name");
        }
    }

    private JobRecord submit(Caller caller, CommerceJob.Operation op, OrdersBody body, String recommender) {
        body.source(id -> dataset(caller, body, id), datasets::file);
        var mapping = body.linesMapping();
        if (mapping != null) {
            mapping.checkColumns(datasets.columnNames(caller, body.subject()));
        }
        if (op == CommerceJob.Operation.AFFINITY) {
            CommerceJob.affinity(body);
        }
        if (op == CommerceJob.Operation.TRAIN) {
            CommerceJob.training(body);
        }
        return jobs.submit(caller, CommerceJob.KIND, body.subject(), new CommerceJob.Request(op, body, recommender));
    }

    @PostMapping("/{analysis}")
    @Operation(
            summary = "Run affinity, journey or customers on an order-lines dataset",
            description = "202 with the job; its result is the analysis and how the order data was read")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, JobRecord> analyse(@PathVariable String analysis, @Valid @RequestBody OrdersBody body) {
        var op = CommerceJob.Operation.parse(analysis);
        if (op == CommerceJob.Operation.TRAIN) {
            throw ApiException.notFound("analysis", analysis);
        }
        return Map.of("job", submit(Caller.current(), op, body, null));
    }

    /** A recommender's name, checked. */
    static String checked(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ApiException.badRequest(
                    "invalid-name", "a recommender name is 1 to 60 letters, digits, '.', '_' or '-'");
        }
        return name;
    }

    @PostMapping("/recommenders")
    @Operation(summary = "Train an implicit-ALS recommender on an order-lines dataset (202 with the job)")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, JobRecord> train(@Valid @RequestBody OrdersBody body) {
        var caller = Caller.current();
        String name = checked(body.name() == null ? "recommender" : body.name());
        return Map.of("job", submit(caller, CommerceJob.Operation.TRAIN, body, name));
    }

    @GetMapping("/recommenders")
    @Operation(summary = "Your recommenders")
    List<String> recommenders() {
        return registries.commerce(Caller.current().owner()).recommenders();
    }

    private Recommender load(Caller caller, String name) {
        var commerce = registries.commerce(caller.owner());
        String plain = checked(name.contains("@") ? name.substring(0, name.indexOf('@')) : name);
        if (!commerce.recommenders().contains(plain)) {
            throw ApiException.notFound("recommender", name);
        }
        return commerce.recommender(name);
    }

    @GetMapping("/recommenders/{name}/customers/{customer}/recommendations")
    @Operation(summary = "Products to recommend to a customer, best first")
    Recommender.Recommendations recommend(
            @PathVariable String name,
            @PathVariable String customer,
            @RequestParam(defaultValue = "10") int top,
            @RequestParam(name = "exclude_bought", defaultValue = "false") boolean excludeBought,
            @RequestParam(defaultValue = "false") boolean explain) {
        var request = Recommender.Request.top(top);
        if (excludeBought) {
            request = request.excludingBought();
        }
        if (explain) {
            request = request.explained();
        }
        return load(Caller.current(), name).recommend(customer, request);
    }

    @GetMapping("/recommenders/{name}/items/{item}/similar")
    @Operation(summary = "Products bought by the same kind of customers")
    List<Recommender.Scored> similarItems(
            @PathVariable String name, @PathVariable String item, @RequestParam(defaultValue = "10") int top) {
        Recommender.Request.top(top); // the same 1 to 10,000 as recommendations
        return load(Caller.current(), name).similarItems(item, top);
    }

    @GetMapping("/recommenders/{name}/customers/{customer}/similar")
    @Operation(summary = "Customers who buy alike")
    List<Recommender.Scored> similarCustomers(
            @PathVariable String name, @PathVariable String customer, @RequestParam(defaultValue = "10") int top) {
        Recommender.Request.top(top); // the same 1 to 10,000 as recommendations
        return load(Caller.current(), name).similarCustomers(customer, top);
    }
}
