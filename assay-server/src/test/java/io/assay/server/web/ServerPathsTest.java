package io.assay.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** What a client reads names files, never where the server keeps them. */
class ServerPathsTest {

    private final ServerPaths paths = new ServerPaths(List.of(Path.of("/srv/assay-data")));

    @Test
    void aPathUnderTheDataDirectoryBecomesTheFilesName() {
        assertThat(paths.hide("cannot read /srv/assay-data/uploads/local/718b/or20k.csv: not a table"))
                .isEqualTo("cannot read or20k.csv: not a table");
        assertThat(paths.hide("'/srv/assay-data/results/u/j/findings.csv' and /srv/assay-data/tmp/x.parquet"))
                .isEqualTo("'findings.csv' and x.parquet");
    }

    @Test
    void otherTextIsLeftAlone() {
        assertThat(paths.hide("poll /api/v1/jobs/42; see /srv/other/file.csv"))
                .isEqualTo("poll /api/v1/jobs/42; see /srv/other/file.csv");
        assertThat(paths.hide((String) null)).isNull();
    }

    @Test
    void everyTextValueOfAResultIsCleaned() {
        var json = JsonMapper.builder().build();
        var node = json.readTree("{\"data\":{\"files\":[\"/srv/assay-data/uploads/local/a/orders.csv\"],\"rows\":3},"
                + "\"note\":\"read /srv/assay-data/uploads/local/a/orders.csv\"}");
        assertThat(paths.hide(node).toString())
                .isEqualTo("{\"data\":{\"files\":[\"orders.csv\"],\"rows\":3},\"note\":\"read orders.csv\"}");
    }
}
