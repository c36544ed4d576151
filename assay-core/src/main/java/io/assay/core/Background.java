package io.assay.core;

import io.assay.core.error.InternalException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/**
 * Work that runs beside other work (an analysis's stages, a profile's passes, each in a DuckDB session of its own): a
 * thread per task, and the task's failure rethrown as it was thrown where its result is needed, so a one-line error
 * stays one line.
 */
public final class Background {

    private Background() {}

    /** An executor with a daemon thread per task, named after {@code name}; closing it waits for the tasks. */
    public static ExecutorService threads(String name) {
        return Executors.newThreadPerTaskExecutor(
                Thread.ofPlatform().name("assay-" + name + "-", 0).daemon(true).factory());
    }

    /**
     * Starts {@code work} on a daemon thread of its own, for a caller that may not wait for it (it fails first and
     * leaves): nothing to close, and no shared pool blocked by slow work.
     */
    public static <T> Future<T> start(String name, Callable<T> work) {
        var task = new FutureTask<>(work);
        Thread.ofPlatform().name("assay-" + name).daemon(true).start(task);
        return task;
    }

    /** The value of {@code work}, once done; its failure is rethrown as it was thrown. */
    public static <T> T joined(Future<T> work) {
        return joined(work, RuntimeException.class);
    }

    /**
     * The value of {@code work}, once done; its failure is rethrown as it was thrown, a checked one too when it is a
     * {@code passedOn} (e.g. {@code SQLException.class}).
     */
    public static <T, X extends Exception> T joined(Future<T> work, Class<X> passedOn) throws X {
        try {
            return work.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InternalException("the work was interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (passedOn.isInstance(cause)) {
                throw passedOn.cast(cause);
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new InternalException("background work failed: " + cause, cause);
        }
    }
}
