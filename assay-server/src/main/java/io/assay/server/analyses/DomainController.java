package io.assay.server.analyses;

import io.assay.app.Assay;
import io.assay.server.datasets.Datasets;
import io.assay.server.jobs.Jobs;
import io.assay.server.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/domains}: the revenue-leakage domains an analysis can name, and retraining a domain's leak model on
 * your own labelled history ({@code assay train-domain} over HTTP). A retrained model is yours: it appears among your
 * models as {@code leakage-<domain>} and only your analyses use it.
 */
@RestController
@RequestMapping("/api/v1/domains")
@Tag(name = "analyses", description = "Revenue leakage: analyse a dataset for a domain, findings, reports")
class DomainController {

    private final Assay assay;
    private final Datasets datasets;
    private final Jobs jobs;

    DomainController(Assay assay, Datasets datasets, Jobs jobs) {
        this.assay = assay;
        this.datasets = datasets;
        this.jobs = jobs;
    }

    @GetMapping
    @Operation(summary = "The domains an analysis can name: built-in ones and the packs in the data directory")
    List<String> list() {
        return assay.leakage().domains();
    }

    @PostMapping("/{domain}/leak-model")
    @Operation(
            summary = "Retrain the domain's leak model on your labelled dataset",
            description = "Labels from a column (label) or the truth file a generated dataset keeps; the model is"
                    + " registered as leakage-<domain> in your registry, in production; 202 with the job")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, Object> train(@PathVariable String domain, @Valid @RequestBody LeakModelBody body) {
        Caller caller = Caller.current();
        var request = body.withDomain(assay.leakage().pack(domain, null).name());
        var dataset = datasets.ready(caller, request.datasetId());
        assay.leakage().check(LeakModelJob.request(request, dataset), datasets.schema(caller, dataset.id()));
        var job = jobs.submit(caller, LeakModelJob.KIND, dataset.id(), request);
        return Map.of("job", job);
    }
}
