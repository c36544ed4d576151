package io.assay.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.assay.core.error.ColumnNotFoundException;
import io.assay.core.error.InvalidOptionException;
import io.assay.core.ingest.Ingest;
import io.assay.core.json.Json;
import io.assay.core.table.BooleanColumn;
import io.assay.core.table.CategoricalColumn;
import io.assay.core.table.DateColumn;
import io.assay.core.table.NumberColumn;
import io.assay.core.table.Table;
import io.assay.core.table.TextColumn;
import io.assay.core.testing.Shared;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PipelineTest {

    private static final double NaN = Double.NaN;

    private static Table table() {
        return Table.of(List.of(
                NumberColumn.ofInteger("id", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21),
                NumberColumn.ofDecimal(
                        "price", 1, 2, 3, NaN, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 100),
                CategoricalColumn.of(
                        "region", "N", "N", "N", "N", "N", "N", "S", "S", "S", "S", "E", "E", "E", "W", "W", null, "N",
                        "S", "E", "W", "X"),
                BooleanColumn.of(
                        "member", true, false, true, true, null, false, true, true, false, true, true, false, true,
                        true, false, true, true, false, true, true, true),
                DateColumn.of(
                        "day",
                        LocalDate.of(2024, 1, 1),
                        LocalDate.of(2024, 1, 2),
                        LocalDate.of(2024, 1, 3),
                        LocalDate.of(2024, 1, 4),
                        LocalDate.of(2024, 1, 5),
                        LocalDate.of(2024, 1, 6),
                        LocalDate.of(2024, 1, 7),
                        LocalDate.of(2024, 1, 8),
                        LocalDate.of(2024, 1, 9),
                        LocalDate.of(2024, 1, 10),
                        LocalDate.of(2024, 1, 11),
                        LocalDate.of(2024, 1, 12),
                        LocalDate.of(2024, 1, 13),
                        LocalDate.of(2024, 1, 14),
                        null,
                        LocalDate.of(2024, 1, 16),
                        LocalDate.of(2024, 1, 17),
                        LocalDate.of(2024, 1, 18),
                        LocalDate.of(2024, 1, 19),
                        LocalDate.of(2024, 1, 20),
                        LocalDate.of(2024, 1, 21)),
                NumberColumn.ofDecimal("constant", 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7),
                TextColumn.of(
                        "comment", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q",
                        "r", "s", "t", "u")));
    }

    private static int feature(Features f, String name) {
        return f.names().indexOf(name);
    }

    @Test
    void leavesOutIdentifiersFreeTextAndConstantsAndSaysWhy() {
        var fitted = Pipeline.fit(table(), List.of(), null, Pipeline.Options.defaults());
        assertThat(fitted.pipeline().excluded())
                .extracting(Pipeline.Exclusion::column)
                .containsExactly("id", "constant", "comment");
        assertThat(fitted.pipeline().excluded())
                .extracting(Pipeline.Exclusion::reason)
                .containsExactly(
                        // named "id" with every value distinct: an identifier by the one rule the profile also uses
                        // (21 values are fewer than a code list's 50, but a key); unnamed row numbers are below
                        "identifier (21 distinct values)",
                        "constant (a single value)",
                        "free text or identifiers (21 distinct values)");
        assertThat(fitted.pipeline().inputColumns()).containsExactly("price", "region", "member", "day");
    }

    @Test
    void tellsRowNumbersAndNamedIdentifiersFromOrdinaryIntegers() {
        int n = 200;
        double[] rowNumber = new double[n];
        double[] almost = new double[n];
        double[] customer = new double[n];
        double[] fewCodes = new double[n];
        for (int i = 0; i < n; i++) {
            rowNumber[n - 1 - i] = 1000 + i; // unique and consecutive, in any order
            almost[i] = i == 7 ? 8 : i; // one value twice, one missing from the run
            customer[i] = 5 * i; // named like an identifier, 200 distinct values
            fewCodes[i] = i % 40; // named like an identifier, but 40 distinct values only
        }
        var fitted = Pipeline.fit(
                Table.of(List.of(
                        NumberColumn.ofInteger("n", rowNumber),
                        NumberColumn.ofInteger("quantity", almost),
                        NumberColumn.ofInteger("customer_id", customer),
                        NumberColumn.ofInteger("store_id", fewCodes))),
                List.of(),
                null,
                Pipeline.Options.defaults());
        assertThat(fitted.pipeline().excluded())
                .containsExactly(
                        new Pipeline.Exclusion("n", "row number (consecutive unique integers)"),
                        new Pipeline.Exclusion("customer_id", "identifier (200 distinct values)"));
        assertThat(fitted.pipeline().inputColumns()).containsExactly("quantity", "store_id");
    }

    @Test
    void theMedianWithoutSortingIsTheSortedQuantile() {
        var rnd = new java.util.Random(3);
        for (int n = 1; n < 400; n += 1 + n / 10) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = i % 3 == 0 ? rnd.nextInt(5) : rnd.nextGaussian(); // ties as well as distinct values
            }
            double[] sorted = v.clone();
            java.util.Arrays.sort(sorted);
            assertThat(Pipeline.median(v.clone())).as("n = %d", n).isEqualTo(Pipeline.quantile(sorted, 0.5));
            java.util.Arrays.fill(v, 2.5);
            assertThat(Pipeline.median(v)).isEqualTo(2.5);
        }
    }

    @Nested
    class Imputation {

        @Test
        void fillsNumbersWithTheMedianByDefault() {
            var f = Pipeline.fit(table(), List.of("price"), null, Pipeline.Options.defaults())
                    .training();
            assertThat(f.get(3, feature(f, "price"))).isEqualTo(11.5);
        }

        @Test
        void fillsNumbersWithTheMeanOrAConstant() {
            var mean = Pipeline.fit(
                            table(),
                            List.of("price"),
                            null,
                            Pipeline.Options.defaults()
                                    .withImputation(Pipeline.Imputation.MEAN, Pipeline.Imputation.MODE))
                    .training();
            assertThat(mean.get(3, 0)).isCloseTo(306.0 / 20, within(1e-12));
            var o = Pipeline.Options.defaults();
            var constant = new Pipeline.Options(
                    Pipeline.Imputation.CONSTANT,
                    -1,
                    o.categoricalImputation(),
                    o.categoricalFill(),
                    o.encoding(),
                    o.maxLevels(),
                    o.scaling(),
                    o.dateParts(),
                    true,
                    true,
                    5,
                    10,
                    42);
            assertThat(Pipeline.fit(table(), List.of("price"), null, constant)
                            .training()
                            .get(3, 0))
                    .isEqualTo(-1);
        }

        @Test
        void fillsLabelsWithTheMostCommonLevelOrAMissingLevel() {
            var mode = Pipeline.fit(table(), List.of("region"), null, Pipeline.Options.defaults())
                    .training();
            assertThat(mode.get(15, feature(mode, "region=N"))).isEqualTo(1);
            var constant = Pipeline.fit(
                            table(),
                            List.of("region"),
                            null,
                            Pipeline.Options.defaults()
                                    .withImputation(Pipeline.Imputation.MEDIAN, Pipeline.Imputation.CONSTANT))
                    .training();
            assertThat(constant.get(15, feature(constant, "region=__missing__")))
                    .isEqualTo(1);
        }

        @Test
        void fillsFlagsWithTheMostCommonValue() {
            var f = Pipeline.fit(table(), List.of("member"), null, Pipeline.Options.defaults())
                    .training();
            assertThat(f.get(4, 0)).isEqualTo(1);
        }
    }

    @Nested
    class Encoding {

        @Test
        void oneHotKeepsTheMostFrequentLevelsAndSharesTheRest() {
            var f = Pipeline.fit(
                            table(),
                            List.of("region"),
                            null,
                            Pipeline.Options.defaults().withMaxLevels(3))
                    .training();
            assertThat(f.names()).containsExactly("region=N", "region=S", "region=E", "region=__other__");
            assertThat(f.get(13, feature(f, "region=__other__"))).isEqualTo(1); // W
            assertThat(f.get(20, feature(f, "region=__other__"))).isEqualTo(1); // X
            assertThat(f.sources()).containsOnly("region");
        }

        @Test
        void ordinalNumbersLevelsByFrequency() {
            var f = Pipeline.fit(
                            table(),
                            List.of("region"),
                            null,
                            Pipeline.Options.defaults().withEncoding(Pipeline.Encoding.ORDINAL))
                    .training();
            assertThat(f.get(0, 0)).isEqualTo(0); // N, the most frequent
            assertThat(f.get(6, 0)).isEqualTo(1); // S
        }

        @Test
        void targetEncodingIsOutOfFoldOnTrainingRowsAndNeverSeesARowsOwnTarget() {
            // the level "X" occurs once; out of fold, its only row cannot see its own target and gets the prior
            double[] y = new double[21];
            for (int i = 0; i < y.length; i++) {
                y[i] = i == 20 ? 1000 : i;
            }
            var target = Pipeline.Target.regression("y", y);
            var fitted = Pipeline.fit(
                    table(),
                    List.of("region"),
                    target,
                    Pipeline.Options.defaults().withEncoding(Pipeline.Encoding.TARGET));
            double prior = java.util.Arrays.stream(y).average().orElseThrow();
            assertThat(fitted.training().get(20, 0)).isCloseTo(prior, within(1e-9));
            var step = (ColumnStep.TargetEncoded) fitted.pipeline().steps().getFirst();
            assertThat(step.encoding().get("X").getFirst()).isCloseTo((1000 + 10 * prior) / 11, within(1e-9));
        }

        @Test
        void targetEncodingNeedsATarget() {
            assertThatThrownBy(() -> Pipeline.fit(
                            table(),
                            List.of(),
                            null,
                            Pipeline.Options.defaults().withEncoding(Pipeline.Encoding.TARGET)))
                    .isInstanceOf(InvalidOptionException.class)
                    .hasMessageContaining("target encoding needs a target column");
        }
    }

    @Nested
    class Scaling {

        @Test
        void standardRobustAndMinMax() {
            var t = Table.of(List.of(NumberColumn.ofDecimal("x", 1, 2, 3, 4, 10)));
            var standard = Pipeline.fit(
                            t, List.of(), null, Pipeline.Options.defaults().withScaling(Pipeline.Scaling.STANDARD))
                    .training();
            double mean = 4;
            double sd = Math.sqrt((9 + 4 + 1 + 0 + 36) / 5.0);
            assertThat(standard.get(4, 0)).isCloseTo((10 - mean) / sd, within(1e-12));
            var robust = Pipeline.fit(
                            t, List.of(), null, Pipeline.Options.defaults().withScaling(Pipeline.Scaling.ROBUST))
                    .training();
            assertThat(robust.get(4, 0)).isCloseTo((10 - 3) / 2.0, within(1e-12));
            var minMax = Pipeline.fit(
                            t, List.of(), null, Pipeline.Options.defaults().withScaling(Pipeline.Scaling.MIN_MAX))
                    .training();
            assertThat(minMax.column(0)).containsExactly(0, 1 / 9.0, 2 / 9.0, 3 / 9.0, 1);
        }
    }

    @Test
    void datesBecomeCalendarParts() {
        var f = Pipeline.fit(table(), List.of("day"), null, Pipeline.Options.defaults())
                .training();
        assertThat(f.names())
                .containsExactly(
                        "day.year", "day.month", "day.day", "day.day_of_week", "day.day_of_year", "day.epoch_days");
        assertThat(f.get(0, feature(f, "day.day_of_week"))).isEqualTo(1); // 2024-01-01 was a Monday
        assertThat(f.get(0, feature(f, "day.epoch_days")))
                .isEqualTo(LocalDate.of(2024, 1, 1).toEpochDay());
    }

    @Nested
    class Applying {

        @Test
        void reportsMissingColumnsUnseenLevelsAndTypeChangesInsteadOfFailing() {
            var fitted = Pipeline.fit(
                            table(),
                            List.of(),
                            null,
                            Pipeline.Options.defaults().withMaxLevels(10))
                    .pipeline();
            var later = Table.of(List.of(
                    CategoricalColumn.of("price", "3.5", "cheap"),
                    CategoricalColumn.of("region", "N", "Mars"),
                    BooleanColumn.of("member", true, false)));
            var f = fitted.apply(later);
            var report = f.report();
            assertThat(report.missingColumns()).containsExactly("day");
            assertThat(report.unseenLevels()).singleElement().satisfies(u -> {
                assertThat(u.column()).isEqualTo("region");
                assertThat(u.examples()).containsExactly("Mars");
                assertThat(u.handling()).isEqualTo("encoded as all zeros");
            });
            assertThat(report.typeChanges()).singleElement().satisfies(c -> {
                assertThat(c.column()).isEqualTo("price");
                assertThat(c.unreadable()).isEqualTo(1);
            });
            assertThat(f.get(0, feature(f, "price"))).isEqualTo(3.5);
            assertThat(f.get(1, feature(f, "price"))).isEqualTo(11.5);
            assertThat(f.get(0, feature(f, "day.year"))).isEqualTo(2024);
            assertThat(report.problems()).hasSize(3);
        }

        @Test
        void levelsGroupedAsRareAtFitTimeAreNotReportedAsUnseen() {
            var fitted = Pipeline.fit(
                            table(),
                            List.of("region"),
                            null,
                            Pipeline.Options.defaults().withMaxLevels(3))
                    .pipeline();
            var restored = Json.read(Json.write(fitted), FittedPipeline.class);
            var later = Table.of(List.of(CategoricalColumn.of("region", "W", "X", "N", "Mars")));
            var f = restored.apply(later);
            assertThat(f.get(0, feature(f, "region=__other__"))).isEqualTo(1);
            assertThat(f.get(1, feature(f, "region=__other__"))).isEqualTo(1);
            assertThat(f.get(3, feature(f, "region=__other__"))).isEqualTo(1);
            assertThat(f.report().unseenLevels()).singleElement().satisfies(u -> {
                assertThat(u.rows()).isEqualTo(1);
                assertThat(u.examples()).containsExactly("Mars");
            });
        }

        @Test
        void givesTheSameFeaturesAfterAJsonRoundTrip() {
            var table = Ingest.read(Shared.file("domains/supermarket_sales.csv"), Ingest.Options.defaults())
                    .table();
            var fitted = Pipeline.fit(
                    table, List.of(), null, Pipeline.Options.defaults().withScaling(Pipeline.Scaling.STANDARD));
            var restored = Json.read(Json.write(fitted.pipeline()), FittedPipeline.class);
            assertThat(restored).isEqualTo(fitted.pipeline());
            var again = restored.apply(table);
            assertThat(again.names()).isEqualTo(fitted.training().names());
            for (int f = 0; f < again.width(); f++) {
                assertThat(again.column(f)).containsExactly(fitted.training().column(f));
            }
            assertThat(again.report().isClean()).isTrue();
        }

        @Test
        void refusesUnknownFeatureColumns() {
            assertThatThrownBy(() -> Pipeline.fit(table(), List.of("colour"), null, Pipeline.Options.defaults()))
                    .isInstanceOf(ColumnNotFoundException.class)
                    .hasMessageStartingWith("no column 'colour'; the table has: id, price");
        }
    }
}
