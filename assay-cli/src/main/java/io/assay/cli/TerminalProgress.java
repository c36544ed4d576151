package io.assay.cli;

import io.assay.core.Progress;
import java.io.PrintWriter;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on stderr while long work runs, only when stderr is a terminal; silent otherwise. */
final class TerminalProgress implements Progress, AutoCloseable {

    private final ProgressBar bar;

    private TerminalProgress(ProgressBar bar) {
        this.bar = bar;
    }

    static TerminalProgress start(PrintWriter err, String task) {
        var console = System.console();
        if (console == null || !console.isTerminal() || System.getenv("ASSAY_NO_PROGRESS") != null) {
            return new TerminalProgress(null);
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
        return new TerminalProgress(bar);
    }

    @Override
    public synchronized void update(String stage, double fraction) {
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
        if (bar != null) {
            bar.close();
        }
    }
}
