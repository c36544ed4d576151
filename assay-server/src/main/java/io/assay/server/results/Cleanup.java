package io.assay.server.results;

import io.assay.ml.registry.ModelRegistry;
import io.assay.server.config.ServerSettings;
import io.assay.server.datasets.Datasets;
import io.assay.server.jobs.Jobs;
import io.assay.server.models.ModelRegistries;
import org.jobrunr.jobs.annotations.Job;
import org.jobrunr.scheduling.JobScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Deletes what has outlived its time to live ({@code assay.ttl}, 24 h by default): datasets with their files, and
 * finished jobs (analyses, detections, trainings) with their result files; and model files that no version uses an
 * hour after they were written (a training that failed between storing its model and registering it). Runs every
 * {@code assay.cleanup-interval} as a JobRunr recurring job, so that with several nodes one of them does it.
 */
@Component
public class Cleanup {

    private static final Logger log = LoggerFactory.getLogger(Cleanup.class);
    static final String RECURRING_ID = "assay-cleanup";

    private final Datasets datasets;
    private final Jobs jobs;
    private final ResultFiles results;
    private final JobScheduler scheduler;
    private final ServerSettings settings;
    private final ModelRegistries models;

    Cleanup(
            Datasets datasets,
            Jobs jobs,
            ResultFiles results,
            JobScheduler scheduler,
            ServerSettings settings,
            ModelRegistries models) {
        this.datasets = datasets;
        this.jobs = jobs;
        this.results = results;
        this.scheduler = scheduler;
        this.settings = settings;
        this.models = models;
    }

    @EventListener(ApplicationReadyEvent.class)
    void schedule() {
        scheduler.<Cleanup>scheduleRecurrently(RECURRING_ID, settings.cleanupInterval(), c -> c.run());
    }

    /** Deletes expired datasets and jobs with their files, and unused model files; returns how many of each. */
    @Job(name = "delete expired datasets and results", retries = 0)
    public Deleted run() {
        int d = datasets.deleteExpired();
        int j = jobs.deleteExpired(job -> results.delete(job.owner(), job.id()));
        var swept = models.sweep(ModelRegistry.UNUSED_FILES_GRACE);
        if (d + j + swept.files() > 0) {
            log.info(
                    "deleted {} expired datasets and {} expired jobs with their files, {} unused model files ({} bytes)",
                    d,
                    j,
                    swept.files(),
                    swept.bytes());
        }
        return new Deleted(d, j, swept.files());
    }

    /** How many datasets, jobs and unused model files a cleanup deleted. */
    public record Deleted(int datasets, int jobs, int modelFiles) {}
}
