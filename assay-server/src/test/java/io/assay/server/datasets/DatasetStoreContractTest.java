package io.assay.server.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import io.assay.server.Database;
import io.assay.server.TestServer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every query of the {@code datasets} table, on SQLite and on PostgreSQL, without HTTP above it: a dataset as
 * uploaded, read (shape and profile) or failed (with the reason), listed newest first, always scoped to its owner,
 * deleted, and found once expired. The HTTP tests above the store run on SQLite only (see the README's test section).
 */
@ParameterizedClass
@EnumSource(Database.class)
class DatasetStoreContractTest {

    @Parameter
    Database database;

    private static DatasetRecord uploaded(String owner, String sheet, Instant created, Instant expires) {
        return new DatasetRecord(
                UUID.randomUUID().toString(),
                owner,
                "sales of März.xlsx",
                "xlsx",
                123_456_789_012L,
                "a".repeat(64),
                "/data/uploads/" + owner + "/file.xlsx",
                sheet,
                sheet == null ? null : 5, // the header row (migration V5) travels with the sheet
                DatasetRecord.PROCESSING,
                null,
                null,
                null,
                null,
                created,
                expires);
    }

    @Test
    void aDatasetIsStoredReadAndProfiledOnlyForItsOwner() {
        var server = TestServer.shared(database);
        var store = server.bean(DatasetStore.class);
        var db = server.bean(JdbcClient.class);
        var now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String owner = UUID.randomUUID().toString();
        var d = uploaded(owner, "Sales", now, now.plusSeconds(3600));
        store.insert(d);
        assertThat(store.find(owner, d.id())).contains(d);
        assertThat(store.find(d.id())).contains(d);
        assertThat(store.find("someone-else", d.id()))
                .as("another owner's dataset")
                .isEmpty();
        assertThat(store.profile(owner, d.id()))
                .as("no profile before it is read")
                .isEmpty();

        DatasetStore.ready(db, d.id(), 3_000_000_000L, 17, "{\"rows\":3000000000}");
        var ready = store.find(owner, d.id()).orElseThrow();
        assertThat(ready.status()).isEqualTo(DatasetRecord.READY);
        assertThat(ready.rows()).isEqualTo(3_000_000_000L);
        assertThat(ready.columns()).isEqualTo(17);
        assertThat(ready.sheet()).isEqualTo("Sales");
        assertThat(ready.headerRow()).isEqualTo(5);
        assertThat(store.profile(owner, d.id())).contains("{\"rows\":3000000000}");
        assertThat(store.profile("someone-else", d.id())).isEmpty();

        assertThat(store.delete("someone-else", d.id()))
                .as("another owner cannot delete it")
                .isFalse();
        assertThat(store.delete(owner, d.id())).isTrue();
        assertThat(store.find(d.id())).isEmpty();
        assertThat(store.delete(owner, d.id())).isFalse();
    }

    @Test
    void aFailedDatasetSaysWhyAndAReadOneForgetsThePreviousFailure() {
        var server = TestServer.shared(database);
        var store = server.bean(DatasetStore.class);
        var db = server.bean(JdbcClient.class);
        var now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String owner = UUID.randomUUID().toString();
        var d = uploaded(owner, null, now, now.plusSeconds(3600));
        store.insert(d);
        DatasetStore.failed(db, d.id(), "urn:assay:problem:no-rows", "the file has a header and no rows");
        var failed = store.find(owner, d.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(DatasetRecord.FAILED);
        assertThat(failed.errorType()).isEqualTo("urn:assay:problem:no-rows");
        assertThat(failed.errorMessage()).isEqualTo("the file has a header and no rows");
        assertThat(failed.rows()).isNull();
        assertThat(failed.columns()).isNull();
        assertThat(failed.sheet()).isNull();

        DatasetStore.ready(db, d.id(), 0, 3, "{}");
        var read = store.find(owner, d.id()).orElseThrow();
        assertThat(read.status()).isEqualTo(DatasetRecord.READY);
        assertThat(read.errorType()).isNull();
        assertThat(read.errorMessage()).isNull();
        assertThat(read.rows()).isZero();
    }

    @Test
    void anOwnersDatasetsAreListedNewestFirstAndExpiredOnesFound() {
        var store = TestServer.shared(database).bean(DatasetStore.class);
        var now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String owner = UUID.randomUUID().toString();
        var older = uploaded(owner, null, now.minusSeconds(100), now.minusSeconds(1));
        var newer = uploaded(owner, null, now, now.plusSeconds(3600));
        var theirs = uploaded(UUID.randomUUID().toString(), null, now.plusMillis(1), now.minusSeconds(1));
        int before = store.count();
        store.insert(older);
        store.insert(newer);
        store.insert(theirs);
        assertThat(store.count()).isEqualTo(before + 3);
        assertThat(store.list(owner, 10, 0)).extracting(DatasetRecord::id).containsExactly(newer.id(), older.id());
        assertThat(store.list(owner, 1, 1))
                .as("the next page")
                .extracting(DatasetRecord::id)
                .containsExactly(older.id());

        assertThat(store.expired(now.toEpochMilli()))
                .extracting(DatasetRecord::id)
                .contains(older.id(), theirs.id())
                .doesNotContain(newer.id());
        store.delete(owner, older.id());
        store.delete(theirs.owner(), theirs.id());
    }
}
