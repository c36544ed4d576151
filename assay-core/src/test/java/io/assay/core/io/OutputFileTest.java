package io.assay.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Output files appear whole or not at all, and a device or pipe named as output is written, never replaced. */
class OutputFileTest {

    @TempDir
    Path dir;

    @Test
    void aCommittedFileReplacesTheOldOneAndAnUncommittedOneLeavesItAndNoLeftovers() throws IOException {
        Path target = dir.resolve("sub/report.csv");
        OutputFile.writeString(target, "a,b\n1,2\n");
        assertThat(Files.readString(target)).isEqualTo("a,b\n1,2\n");

        try (var out = OutputFile.of(target)) {
            assertThat(out.path().getFileName().toString())
                    .startsWith(".report.csv.")
                    .endsWith(".csv");
            Files.writeString(out.path(), "half");
            // the run fails here: no commit
        }
        assertThat(Files.readString(target)).isEqualTo("a,b\n1,2\n");
        try (var files = Files.list(target.getParent())) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void aDirectoryIsRefused() {
        assertThatThrownBy(() -> OutputFile.of(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("directory");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aNamedPipeIsWrittenInPlaceNotReplacedByAFile() throws Exception {
        Path fifo = dir.resolve("out.pipe");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor())
                .isZero();
        var read = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(Files.readAllBytes(fifo), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        OutputFile.writeString(fifo, "through the pipe\n");
        assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo("through the pipe\n");
        assertThat(Files.isRegularFile(fifo)).as("still a pipe").isFalse();
        assertThat(Files.exists(fifo)).isTrue();
    }
}
