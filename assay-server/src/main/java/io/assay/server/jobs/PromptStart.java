package io.assay.server.jobs;

import java.util.List;
import org.jobrunr.jobs.AbstractJob;
import org.jobrunr.jobs.details.CachingJobDetailsGenerator;
import org.jobrunr.jobs.filters.JobClientFilter;
import org.jobrunr.scheduling.JobScheduler;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.storage.StorageProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * Jobs start as soon as they are queued, as a rule. JobRunr looks for queued jobs once per poll interval (at least 5
 * seconds), so an upload's profile or a one-second training waited 2.5 seconds on average before it began: dead time
 * for a client polling the job. The scheduler the service queues its jobs with tells this node's job server to look
 * for work right after each job is saved (on a thread of its own, beside the request), the way JobRunr itself does
 * whenever a worker becomes free. It is best effort: if JobRunr is already looking for work at that moment, the job
 * waits for its next look, at worst the poll. Everything else stays JobRunr's: states, retries, orphaned jobs after a
 * restart, and the poll that picks up jobs queued by another node.
 */
@Configuration
class PromptStart {

    @Bean
    @Primary
    static JobScheduler promptJobScheduler(StorageProvider storage, ObjectProvider<BackgroundJobServer> server) {
        return new JobScheduler(storage, new CachingJobDetailsGenerator(), List.of(new JobClientFilter() {
            @Override
            public void onCreated(AbstractJob job) {
                var running = server.getIfAvailable();
                if (running != null && running.isRunning()) {
                    var steward = running.getJobSteward();
                    // busy then free again, no net change: a worker becoming free makes JobRunr onboard queued work;
                    // beside the request, which answers at once with the queued job
                    Thread.ofVirtual().name("assay-job-start").start(() -> {
                        steward.notifyThreadOccupied();
                        steward.notifyThreadIdle();
                    });
                }
            }
        }));
    }
}
