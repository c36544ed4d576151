package io.assay.cli;

import io.assay.core.Progress;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on stderr while long work runs, only when stderr is a terminal; silent otherwise. With {@code
 * ASSAY_TIMINGS} set, each stage is printed instead, with the seconds since the process started: where a slow run
 * spends its time, JVM start included.
 */
final class TerminalProgress implements Progress, AutoCloseable {

    private final ProgressBar bar;
    private final PrintWriter timings;
    private final long processStartMillis;

    private TerminalProgress(ProgressBar bar, PrintWriter timings) {
        this.bar = bar;
        this.timings = timings;
        this.processStartMillis = timings == null
                ? 0
                : ProcessHandle.current()
                        .info()
                        .startInstant()
                        .map(Instant::toEpochMilli)
                        .orElse(System.currentTimeMillis());
    }

    static TerminalProgress start(PrintWriter err, String task) {
        if (System.getenv("ASSAY_TIMINGS") != null) {
            var timings = new TerminalProgress(null, err);
            timings.update(task, -1);
            return timings;
        }
        var console = System.console();
        if (console == null || !console.isTerminal() || System.getenv("ASSAY_NO_PROGRESS") != null) {
            return new TerminalProgress(null, null);
        }
        var bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(100)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(200)
                .hideEta()
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .clearDisplayOnFinish()
                .build();
        return new TerminalProgress(bar, null);
    }

    @Override
    public synchronized void update(String stage, double fraction) {
        if (timings != null) {
            timings.printf(
                    Locale.ROOT, "%8.3f s  %s%n", (System.currentTimeMillis() - processStartMillis) / 1000.0, stage);
            timings.flush();
        }
        if (bar == null) {
            return;
        }
        bar.setExtraMessage(stage);
        if (fraction >= 0) {
            bar.stepTo(Math.round(fraction * 100));
        }
    }

    @Override
    public void close() {
        if (timings != null) {
            update("done", -1);
        }
        if (bar != null) {
            bar.close();
        }
    }
}
