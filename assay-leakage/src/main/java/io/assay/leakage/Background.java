package io.assay.leakage;

import io.assay.core.error.InternalException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Work of an analysis that runs beside other work (each task in a DuckDB session of its own): a thread per task, and
 * the task's failure rethrown as it was thrown where its result is needed.
 */
final class Background {

    private Background() {}

    /** An executor with a daemon thread per task, named after {@code name}; closing it waits for the tasks. */
    static ExecutorService threads(String name) {
        return Executors.newThreadPerTaskExecutor(
                Thread.ofPlatform().name("assay-" + name + "-", 0).daemon(true).factory());
    }

    /** The value of {@code work}, once done; its failure is rethrown as it was thrown. */
    static <T> T joined(Future<T> work) {
        try {
            return work.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InternalException("the analysis was interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new InternalException("background work failed: " + e.getCause(), e.getCause());
        }
    }
}
