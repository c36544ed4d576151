package io.assay.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.assay.core.Progress;
import io.assay.core.error.ColumnNotFoundException;
import io.assay.core.ingest.Ingest;
import io.assay.core.profile.Profiler;
import io.assay.testkit.SharedData;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Assay used as a Java library, as the README's "As a Java library" section shows it: the same calls, on the real
 * files; if this test needs a change, so does the README.
 */
class LibraryUseTest {

    @TempDir
    Path home;

    @Test
    void theReadmeExampleRuns() {
        Path sales = SharedData.file("domains/supermarket_sales.csv");
        Path churn = SharedData.file("domains/telco_customer_churn_ibm.csv");

        // --- README: As a Java library ---
        try (Assay assay = Assay.open(AssayHome.resolve(home, Map.of()))) {
            var profile = assay.profile(
                    new Assay.ProfileRequest(sales, Ingest.Options.defaults(), Profiler.Options.defaults()),
                    Progress.NONE);
            System.out.println(
                    profile.quality().grade() + " " + profile.quality().overallScore());

            var trained = assay.models()
                    .train(
                            Models.TrainRequest.of(churn, "Churn", "xgboost")
                                    .withParams(Map.of("n_estimators", "50"))
                                    .withName("churn"),
                            Progress.NONE);
            System.out.println(trained.version().id() + " "
                    + trained.model().evaluation().metrics().headline());
            var scored = assay.models()
                    .predictRows("churn", null, List.of(Map.of("tenure", 2, "Contract", "Month-to-month")), false);
            System.out.println(scored.label(0));

            var flagged = assay.detections().detect(Detections.DetectRequest.fit(sales, "iforest"), Progress.NONE);
            System.out.println(flagged.summary().flagged() + " unusual rows");

            var leaks = assay.leakage().analyze(RevenueLeakage.AnalyzeRequest.of(sales, "retail"), Progress.NONE);
            System.out.println(leaks.summary());
            // --- end ---

            assertThat(profile.rows()).isEqualTo(1000);
            assertThat(profile.quality().grade()).isEqualTo("A");
            assertThat(trained.version().id()).isEqualTo("churn@1");
            assertThat(trained.model().evaluation().testRows()).isEqualTo(1409);
            assertThat(trained.model().evaluation().metrics().headline()).containsKey("roc_auc");
            assertThat(scored.label(0)).isIn("Yes", "No");
            assertThat(flagged.summary().flagged()).isBetween(1L, 100L);
            assertThat(leaks.metrics().totalRows()).isEqualTo(1000);
            assertThat(leaks.summary()).isNotBlank();

            assertThatThrownBy(() ->
                            assay.models().train(Models.TrainRequest.of(churn, "churned", "xgboost"), Progress.NONE))
                    .as("library users get the same one-line errors as the command line")
                    .isInstanceOf(ColumnNotFoundException.class)
                    .hasMessageContaining("churned");
        }
    }
}
