package io.assay.server;

import java.util.List;
import org.jobrunr.jobs.AbstractJob;
import org.jobrunr.jobs.filters.JobClientFilter;
import org.jobrunr.scheduling.JobScheduler;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.storage.StorageProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Jobs that start as soon as they are queued, for the test servers (added with
 * {@code --spring.main.sources=io.assay.server.PromptJobs}). JobRunr looks for queued jobs once per poll interval,
 * at least 5 seconds, so a one-second job waited on average 2.5 seconds more to start: most of what the integration
 * suite spent. Here the scheduler that the service queues its jobs with tells this node's job server to look for work
 * right after each job is saved, the way JobRunr itself does when a worker becomes free. Everything else is JobRunr's
 * (states, retries, orphaned jobs; the restart test's second server runs without it). Deliberately not a
 * {@code @Configuration}: component scanning never adds it to a server that did not ask for it.
 */
public class PromptJobs {

    @Bean
    @Primary
    static JobScheduler promptJobScheduler(StorageProvider storage, ObjectProvider<BackgroundJobServer> server) {
        return new JobScheduler(storage, List.of(new JobClientFilter() {
            @Override
            public void onCreated(AbstractJob job) {
                var running = server.getIfAvailable();
                if (running != null && running.isRunning()) {
                    var steward = running.getJobSteward();
                    // busy then free again, no net change: a free worker makes JobRunr onboard queued work at once
                    steward.notifyThreadOccupied();
                    steward.notifyThreadIdle();
                }
            }
        }));
    }
}
