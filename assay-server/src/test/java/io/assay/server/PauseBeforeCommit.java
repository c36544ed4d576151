package io.assay.server;

import io.assay.server.jobs.JobContext;
import io.assay.server.jobs.JobHandler;
import io.assay.server.jobs.JobRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A test's hold on a server process, added with {@code --spring.main.sources=io.assay.server.PauseBeforeCommit}: a
 * training job does all its work (reads the data, fits the model, writes the model's files) and then, before its
 * result is committed, writes {@value #MARKER} into the data directory and waits for ever. A test that kills the
 * process once the marker exists kills it at the one moment where a crash could leave a half-registered model,
 * every time, without a training made slow enough to be caught running. Deliberately not a {@code @Configuration}:
 * component scanning never adds it to another test's server.
 */
public class PauseBeforeCommit {

    static final String MARKER = "paused-before-commit";

    @Bean
    static BeanPostProcessor pauseTrainingBeforeCommit() {
        return new Wrapper();
    }

    private static final class Wrapper implements BeanPostProcessor, EnvironmentAware {
        private Path marker;

        @Override
        public void setEnvironment(Environment environment) {
            marker = Path.of(environment.getRequiredProperty("assay.data-dir")).resolve(MARKER);
        }

        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            return bean instanceof JobHandler h && h.kind().equals("train") ? new Paused(h, marker) : bean;
        }
    }

    private record Paused(JobHandler delegate, Path marker) implements JobHandler {
        @Override
        public String kind() {
            return delegate.kind();
        }

        @Override
        public Outcome run(JobRecord job, JobContext context) throws Exception {
            Outcome done = delegate.run(job, context);
            try {
                Files.writeString(marker, job.id());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread.sleep(Long.MAX_VALUE); // until the test kills the process
            return done;
        }

        @Override
        public void failed(JobRecord job, JobRecord.Error error, JdbcClient db) {
            delegate.failed(job, error, db);
        }
    }
}
