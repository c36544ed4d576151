package io.assay.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.assay.core.table.ColumnType;
import io.assay.core.table.NumberColumn;
import io.assay.core.table.Table;
import io.assay.core.testing.Shared;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Columns get the type a person reading the file would give them. */
class TypeInferenceTest {

    @TempDir
    Path dir;

    private static Map<String, ColumnType> types(IngestReport report) {
        return report.columns().stream()
                .collect(Collectors.toMap(IngestReport.ColumnTyping::name, IngestReport.ColumnTyping::type));
    }

    /** A file from a new-user trial (copies in src/test/resources/trial, made from ../shared/data). */
    private static Path resource(String name) {
        return Path.of("src/test/resources/trial", name);
    }

    private static double number(Ingest.Ingested in, String column, int row) {
        return ((NumberColumn) in.table().column(column)).get(row);
    }

    private Ingest.Ingested read(String content) throws IOException {
        return Ingest.read(Files.writeString(dir.resolve("t.csv"), content), Ingest.Options.defaults());
    }

    @Nested
    class RealFiles {

        @Test
        void supermarketSales() {
            var in = Ingest.read(Shared.file("domains/supermarket_sales.csv"), Ingest.Options.defaults());
            var t = types(in.report());
            assertThat(t)
                    .containsEntry("Invoice ID", ColumnType.TEXT)
                    .containsEntry("Branch", ColumnType.CATEGORICAL)
                    .containsEntry("Product line", ColumnType.CATEGORICAL)
                    .containsEntry("Unit price", ColumnType.DECIMAL)
                    .containsEntry("Quantity", ColumnType.INTEGER)
                    .containsEntry("Tax 5%", ColumnType.DECIMAL)
                    .containsEntry("Date", ColumnType.DATE)
                    .containsEntry("Time", ColumnType.TIME)
                    .containsEntry("Rating", ColumnType.DECIMAL);
            Table table = in.table();
            assertThat(table.rowCount()).isEqualTo(1000);
            // first row: 750-67-8428,...,1/5/2019,13:08 (month first: other rows have days above 12)
            assertThat(table.column("Date").value(0)).isEqualTo(LocalDate.of(2019, 1, 5));
            assertThat(table.column("Time").value(0)).isEqualTo(LocalTime.of(13, 8));
            assertThat(((NumberColumn) table.column("Total")).get(0)).isEqualTo(548.9715);
            assertThat(in.report().schemaFormat("Date")).isEqualTo("%m/%d/%Y");
            assertThat(in.report().valueIssues()).isEmpty();
        }

        @Test
        void superstoreWithByteOrderMarkAndDayFirstDates() {
            var in =
                    Ingest.read(Shared.file("domains/superstore_sales_discount_profit.csv"), Ingest.Options.defaults());
            var t = types(in.report());
            assertThat(in.table().columnNames().getFirst()).isEqualTo("Row ID");
            assertThat(t)
                    .containsEntry("Order Date", ColumnType.DATE)
                    .containsEntry("Sales", ColumnType.DECIMAL)
                    .containsEntry("Quantity", ColumnType.INTEGER)
                    .containsEntry("Discount", ColumnType.DECIMAL)
                    .containsEntry("Segment", ColumnType.CATEGORICAL)
                    .containsEntry("Postal Code", ColumnType.CATEGORICAL);
            assertThat(in.report().schemaFormat("Order Date")).isEqualTo("%d/%m/%y");
            // "03/01/19,07/01/19": 3 January 2019, shipped 7 January
            assertThat(in.table().column("Order Date").value(0)).isEqualTo(LocalDate.of(2019, 1, 3));
            assertThat(in.table().column("Ship Date").value(0)).isEqualTo(LocalDate.of(2019, 1, 7));
            assertThat(in.table().column("Product Name").value(0))
                    .isEqualTo("Message Book, Wirebound, Four 5 1/2\" X 4\" Forms/Pg., 200 Dupl. Sets/Book");
        }

        @Test
        void telcoChurnYesNoFlagsAndBlankCharges() {
            var in = Ingest.read(Shared.file("domains/telco_customer_churn_ibm.csv"), Ingest.Options.defaults());
            var t = types(in.report());
            assertThat(t)
                    .containsEntry("customerID", ColumnType.TEXT)
                    .containsEntry("Partner", ColumnType.BOOLEAN)
                    .containsEntry("Churn", ColumnType.BOOLEAN)
                    .containsEntry("MultipleLines", ColumnType.CATEGORICAL)
                    .containsEntry("tenure", ColumnType.INTEGER)
                    .containsEntry("TotalCharges", ColumnType.DECIMAL);
            // flags keep the file's words: written back and predicted as Yes/No, not true/false
            assertThat(in.table().column("Churn").text(0)).isEqualTo("No");
            assertThat(in.table().column("Partner").text(0)).isEqualTo("Yes");
            // 11 blank TotalCharges (tenure 0): missing, not a misfit
            assertThat(in.table().column("TotalCharges").missingCount()).isEqualTo(11);
            assertThat(in.report().valueIssues()).isEmpty();
        }

        @Test
        void creditCardScientificNotationIsStillWholeNumbers() {
            var in = Ingest.read(
                    Shared.file("domains/credit_card_billing_payments_default_uci.csv"), Ingest.Options.defaults());
            var t = types(in.report());
            assertThat(t).containsEntry("LIMIT_BAL", ColumnType.INTEGER).containsEntry("BILL_AMT1", ColumnType.INTEGER);
            assertThat(in.table().column("LIMIT_BAL").value(1)).isEqualTo(120000L);
        }

        @Test
        void onlineRetailKeepsCancellationInvoiceNumbers() {
            var in = Ingest.read(
                    Shared.file("domains/online_retail_uci_2010-12_to_2011-05.csv"), Ingest.Options.defaults());
            var t = types(in.report());
            assertThat(t)
                    .containsEntry("InvoiceNo", ColumnType.CATEGORICAL)
                    .containsEntry("InvoiceDate", ColumnType.TIMESTAMP)
                    .containsEntry("Quantity", ColumnType.INTEGER)
                    .containsEntry("UnitPrice", ColumnType.DECIMAL)
                    .containsEntry("CustomerID", ColumnType.INTEGER);
            Table table = in.table();
            assertThat(table.rowCount()).isEqualTo(209_029);
            long cancellations = 0;
            for (int i = 0; i < table.rowCount(); i++) {
                Object v = table.column("InvoiceNo").value(i);
                if (v != null && v.toString().startsWith("C")) {
                    cancellations++;
                }
            }
            assertThat(cancellations).isEqualTo(3_783);
            assertThat(table.column("CustomerID").missingCount()).isEqualTo(59_976);
            assertThat(table.column("InvoiceDate").value(0)).isEqualTo(LocalDateTime.of(2010, 12, 1, 8, 26));
        }

        @Test
        void telecomUsageTrueFalseFlags() {
            var in = Ingest.read(
                    Shared.file("domains/telecom_usage_charges_churn_bigml.csv"), Ingest.Options.defaults());
            assertThat(types(in.report()))
                    .containsEntry("Churn", ColumnType.BOOLEAN)
                    .containsEntry("International plan", ColumnType.BOOLEAN)
                    .containsEntry("Total day minutes", ColumnType.DECIMAL)
                    .containsEntry("Total day calls", ColumnType.INTEGER)
                    .containsEntry("State", ColumnType.CATEGORICAL);
            // "False"/"True" and "no"/"yes" as written
            assertThat(in.table().column("Churn").text(0)).isEqualTo("False");
            assertThat(in.table().column("International plan").text(0)).isEqualTo("No");
        }

        @Test
        void anomalyBenchmarkFeaturesAndLabel() {
            var in = Ingest.read(Shared.file("odds/cardio.csv"), Ingest.Options.defaults());
            assertThat(in.table().rowCount()).isEqualTo(1831);
            assertThat(types(in.report()))
                    .containsEntry("f0", ColumnType.DECIMAL)
                    .containsEntry("label", ColumnType.INTEGER);
        }
    }

    @Nested
    class WrittenValues {

        @Test
        void aFlagColumnKeepsItsSpelling() {
            assertThat(TypeInference.infer(Map.of("Yes", 40, "No", 60), null).format())
                    .isEqualTo("Yes/No");
            assertThat(TypeInference.infer(Map.of("Y", 10), null).format()).isEqualTo("Y/N");
            assertThat(TypeInference.infer(Map.of("FALSE", 3), null).format()).isEqualTo("TRUE/FALSE");
            assertThat(TypeInference.infer(Map.of("no", 3), ColumnType.BOOLEAN).format())
                    .isEqualTo("yes/no");
            // the plain spelling needs no format
            assertThat(TypeInference.infer(Map.of("true", 5, "false", 1), null).format())
                    .isEmpty();
        }

        @Test
        void thousandsSeparatorsCurrencyAndPercent() throws IOException {
            var in = read(
                    "amount,price,rate,refund\n\"1,234.50\",$9.99,12%,($3.00)\n\"12,000\",\"$1,299.00\",7.5%,$0.50\n15.25,€4,0%,-$2\n");
            var t = in.table();
            assertThat(types(in.report()))
                    .containsEntry("amount", ColumnType.DECIMAL)
                    .containsEntry("price", ColumnType.DECIMAL)
                    .containsEntry("rate", ColumnType.DECIMAL)
                    .containsEntry("refund", ColumnType.DECIMAL);
            assertThat(((NumberColumn) t.column("amount")).get(0)).isEqualTo(1234.50);
            assertThat(((NumberColumn) t.column("amount")).get(1)).isEqualTo(12000.0);
            assertThat(((NumberColumn) t.column("price")).get(1)).isEqualTo(1299.0);
            assertThat(((NumberColumn) t.column("rate")).get(0)).isEqualTo(0.12);
            assertThat(((NumberColumn) t.column("refund")).get(0)).isEqualTo(-3.0);
            assertThat(((NumberColumn) t.column("refund")).get(2)).isEqualTo(-2.0);
            assertThat(in.report().schemaFormat("price")).isEqualTo("currency");
        }

        @Test
        void yesNoFlagsAndMissingTokens() throws IOException {
            var in = read("member,score,note\nyes,1.5,a\nNo,NA,b\nYES,null,-\nno,-,\nn/a,2,c\n");
            var t = in.table();
            assertThat(types(in.report()))
                    .containsEntry("member", ColumnType.BOOLEAN)
                    .containsEntry("score", ColumnType.DECIMAL);
            assertThat(t.column("member").value(0)).isEqualTo(true);
            assertThat(t.column("member").value(1)).isEqualTo(false);
            // the most frequent spelling of each word is the column's: "yes" (1) ties "YES" (1), "no" (2) wins
            assertThat(t.column("member").text(1)).isEqualTo("no");
            assertThat(t.column("member").missingCount()).isEqualTo(1);
            assertThat(t.column("score").missingCount()).isEqualTo(3);
            assertThat(t.column("note").missingCount()).isEqualTo(2);
            assertThat(in.report().valueIssues()).isEmpty();
        }

        @Test
        void paddedAndRepeatedValuesAreTrimmedBeforeTheyAreCounted() throws IOException {
            // the sample is counted per distinct raw value: " 7" and "7" are one value once trimmed, and a padded
            // value anywhere in the sample makes the column trimmed before conversion
            var in = read("qty,member,city\n7,yes,Oslo\n 7,no,Oslo\n7 ,yes, Oslo\n12,yes,Paris\n7,no,Oslo\n");
            var t = in.table();
            assertThat(types(in.report()))
                    .containsEntry("qty", ColumnType.INTEGER)
                    .containsEntry("member", ColumnType.BOOLEAN);
            assertThat(((NumberColumn) t.column("qty")).get(1)).isEqualTo(7.0);
            assertThat(((NumberColumn) t.column("qty")).get(2)).isEqualTo(7.0);
            assertThat(t.column("qty").missingCount()).isZero();
            assertThat(t.column("city").value(2)).isEqualTo("Oslo");
            assertThat(in.report().valueIssues()).isEmpty();
        }

        @Test
        void isoAndLocalDatesAndTimestamps() throws IOException {
            var in = read("iso,us,eu,dotted,named,stamp\n"
                    + "2024-01-31,1/31/2024,31/01/2024,31.01.2024,31-Jan-2024,2024-01-31 08:15:00\n"
                    + "2024-02-01,2/1/2024,01/02/2024,01.02.2024,01-Feb-2024,2024-02-01T17:45:30\n");
            var t = in.table();
            var expected = LocalDate.of(2024, 1, 31);
            for (String c : new String[] {"iso", "us", "eu", "dotted", "named"}) {
                assertThat(t.column(c).type()).as(c).isEqualTo(ColumnType.DATE);
                assertThat(t.column(c).value(0)).as(c).isEqualTo(expected);
            }
            assertThat(t.column("eu").value(1)).isEqualTo(LocalDate.of(2024, 2, 1));
            assertThat(t.column("stamp").value(1)).isEqualTo(LocalDateTime.of(2024, 2, 1, 17, 45, 30));
        }

        @Test
        void codesWithLeadingZerosAndLongIdentifiersStayText() throws IOException {
            var sb = new StringBuilder("zip,card,qty\n");
            for (int i = 0; i < 40; i++) {
                sb.append(String.format("%05d", i * 37))
                        .append(',')
                        .append(4_000_000_000_000_000L + i * 7919L)
                        .append(',')
                        .append(i % 5)
                        .append('\n');
            }
            var in = read(sb.toString());
            assertThat(types(in.report()))
                    .containsEntry("zip", ColumnType.TEXT)
                    .containsEntry("card", ColumnType.TEXT)
                    .containsEntry("qty", ColumnType.INTEGER);
            assertThat(in.table().column("zip").value(0)).isEqualTo("00000");
        }

        @Test
        void decimalCommaOfEuropeanExports() throws IOException {
            var in = Ingest.read(
                    Files.writeString(dir.resolve("eu.csv"), "Artikel;Preis\nA;1,50\nB;2.345,75\nC;3\n"),
                    Ingest.Options.defaults());
            assertThat(in.report().dialect()).containsEntry("delimiter", ";");
            assertThat(((NumberColumn) in.table().column("Preis")).get(1)).isEqualTo(2345.75);
        }

        @Test
        void valuesThatDoNotFitBecomeMissingAndAreReportedWithExamples() throws IOException {
            var sb = new StringBuilder("amount,day\n");
            for (int i = 0; i < 100; i++) {
                sb.append(i == 37 ? "n.a." : Integer.toString(i))
                        .append(',')
                        .append(i == 50 ? "31/02/2024" : "2024-01-0" + (1 + i % 9))
                        .append('\n');
            }
            var in = read(sb.toString());
            var issues = in.report().valueIssues();
            assertThat(issues).extracting(IngestReport.ValueIssue::column).containsExactly("amount", "day");
            assertThat(issues.getFirst().count()).isEqualTo(1);
            assertThat(issues.getFirst().examples()).containsExactly(new IngestReport.BadValue(37, "n.a."));
            assertThat(issues.get(1).examples()).containsExactly(new IngestReport.BadValue(50, "31/02/2024"));
            assertThat(in.table().column("amount").isMissing(37)).isTrue();
            assertThat(in.report().problems())
                    .anyMatch(p ->
                            p.contains("1 value(s) in 'amount' are not integers and became missing (row 37 'n.a.')"));
        }

        @Test
        void aColumnWhoseLaterRowsHaveDecimalsIsDecimal() throws IOException {
            var sb = new StringBuilder("discount\n");
            for (int i = 0; i < 15_000; i++) {
                sb.append(i < 12_000 ? "0" : "0.15").append('\n');
            }
            var in = read(sb.toString());
            assertThat(types(in.report())).containsEntry("discount", ColumnType.DECIMAL);
            assertThat(((NumberColumn) in.table().column("discount")).get(14_000))
                    .isEqualTo(0.15);
            assertThat(in.report().valueIssues()).isEmpty();
        }

        @Test
        void aColumnThatTurnsOutToBeTextIsRetypedFromTheWholeFile() throws IOException {
            var sb = new StringBuilder("grade\n");
            for (int i = 0; i < 15_000; i++) {
                sb.append(i < 11_000 ? Integer.toString(i % 3) : "A" + (i % 4)).append('\n');
            }
            var in = read(sb.toString());
            assertThat(types(in.report())).containsEntry("grade", ColumnType.CATEGORICAL);
            assertThat(in.table().column("grade").value(14_999)).isEqualTo("A3");
            assertThat(in.table().column("grade").value(0)).isEqualTo("0");
        }

        @Test
        void theInferredTypeCanBeOverridden() throws IOException {
            Path file = Files.writeString(dir.resolve("o.csv"), "code,amount\n001,5\n002,x\n");
            var in = Ingest.read(
                    file,
                    Ingest.Options.defaults()
                            .withType("code", ColumnType.INTEGER)
                            .withType("AMOUNT", ColumnType.DECIMAL));
            assertThat(in.table().column("code").value(1)).isEqualTo(2L);
            assertThat(in.report().columns())
                    .extracting(IngestReport.ColumnTyping::decidedBy)
                    .containsExactly("override", "override");
            assertThat(in.report().valueIssues()).singleElement().satisfies(v -> {
                assertThat(v.column()).isEqualTo("amount");
                assertThat(v.examples()).containsExactly(new IngestReport.BadValue(1, "x"));
            });
        }
    }

    /** Files from a new-user trial (copies in src/test/resources/trial, made from ../shared/data). */
    @Nested
    class TrialFiles {

        @Test
        void aEuropeanExportKeepsEveryMoneyColumnWhateverItsDecimals() {
            // ';', Latin-1, decimal commas with 2, 3 or 4 decimals: "548,9715", "489,048", "3,82"
            var in = Ingest.read(resource("semi_latin1.csv"), Ingest.Options.defaults());
            var t = types(in.report());
            for (String money : java.util.List.of("Unit price", "Tax 5%", "Total", "cogs", "gross income", "Rating")) {
                assertThat(t).containsEntry(money, ColumnType.DECIMAL);
                assertThat(in.report().schemaFormat(money)).as(money).isEqualTo("decimal comma");
            }
            assertThat(number(in, "Total", 0)).isEqualTo(548.9715);
            assertThat(number(in, "Total", 3)).isEqualTo(489.048);
            assertThat(number(in, "Tax 5%", 3)).isEqualTo(23.288);
            assertThat(number(in, "Tax 5%", 1)).isEqualTo(3.82);
            assertThat(in.report().valueIssues()).isEmpty();
        }

        @Test
        void oneOversizedQuantityIsAMisfitNotACategoricalColumn() {
            // line 8: Quantity 99999999999999999999999; line 7: Total 1e+300
            var in = Ingest.read(resource("huge.csv"), Ingest.Options.defaults());
            assertThat(types(in.report()))
                    .containsEntry("Quantity", ColumnType.INTEGER)
                    .containsEntry("Total", ColumnType.DECIMAL);
            assertThat(in.report().valueIssues()).singleElement().satisfies(v -> {
                assertThat(v.column()).isEqualTo("Quantity");
                assertThat(v.count()).isEqualTo(1);
                assertThat(v.examples()).containsExactly(new IngestReport.BadValue(6, "99999999999999999999999"));
            });
            assertThat(in.table().column("Quantity").isMissing(6)).isTrue();
            assertThat(in.table().column("Quantity").value(0)).isEqualTo(7L);
            // finite, however absurd: a number, left to the rules and detectors to question
            assertThat(number(in, "Total", 5)).isEqualTo(1e300);
        }
    }

    /** Workbooks as people make them: a cover sheet first, a title above the table, a total row below it. */
    @Nested
    class WorkbookLayouts {

        @Test
        void theFirstSheetIsReadAndTheOthersAreNamedInANote() {
            var in = Ingest.read(resource("book.xlsx"), Ingest.Options.defaults());
            assertThat(in.report().dialect()).containsEntry("sheet", "Cover");
            assertThat(in.report().notes())
                    .containsExactly(
                            "workbook has 3 sheets (Cover, Sales Q1, Returns); read 'Cover'; choose with --sheet");
            assertThat(in.report().problems())
                    .first()
                    .isEqualTo(in.report().notes().getFirst());
            var chosen =
                    Ingest.read(resource("book.xlsx"), Ingest.Options.defaults().withSheet("Sales Q1"));
            assertThat(chosen.report().notes()).isEmpty();
            assertThat(chosen.table().columnNames()).contains("Invoice ID", "Total");
        }

        @Test
        void aTitleAboveTheHeaderAndATotalRowBelowTheDataAreLeftOutAndSaid() {
            // A1 title, A2 note, header on row 4, 200 rows, then row 207: TOTAL and =SUM(J5:J204)
            var in = Ingest.read(resource("titled.xlsx"), Ingest.Options.defaults());
            assertThat(in.table().columnNames()).startsWith("Invoice ID", "Branch", "City");
            assertThat(in.table().rowCount()).isEqualTo(200);
            assertThat(types(in.report()))
                    .containsEntry("Quantity", ColumnType.INTEGER)
                    .containsEntry("Total", ColumnType.DECIMAL)
                    .containsEntry("Branch", ColumnType.CATEGORICAL);
            assertThat(in.table().column("Invoice ID").value(0)).isEqualTo("750-67-8428");
            assertThat(in.report().notes())
                    .containsExactly(
                            "sheet 'Sales': the header is row 4, the first row of several names;"
                                    + " 'Supermarket sales report Q1 2019', 'Prepared by finance' above it read as"
                                    + " a title, not data",
                            "sheet 'Sales': the last row (row 207, 'TOTAL') is a total of the rows above, not data;"
                                    + " left out");
            assertThat(in.report().valueIssues()).isEmpty();
        }

        @Test
        void aTotalRowThatIsNotTheLastIsData() throws IOException {
            Path file = io.assay.core.testing.Workbooks.write(
                    dir.resolve("t.xlsx"),
                    java.util.List.of(
                            java.util.List.of("region", "sales"),
                            java.util.List.of("Total", "5"),
                            java.util.List.of("North", "7")));
            var in = Ingest.read(file, Ingest.Options.defaults());
            assertThat(in.table().rowCount()).isEqualTo(2);
            assertThat(in.report().notes()).isEmpty();
        }
    }

    /** "489,048" is a thousands separator or a decimal comma: the column, then the file, decides. */
    @Nested
    class DecimalMark {

        private Ingest.Ingested csv(String content) throws IOException {
            return Ingest.read(Files.writeString(dir.resolve("m.csv"), content), Ingest.Options.defaults());
        }

        @Test
        void aValueThatReadsOnlyAsADecimalCommaDecidesTheAmbiguousOnes() throws IOException {
            var in = csv("id,total\n1,\"489,048\"\n2,\"16,2155\"\n3,\"1,5\"\n4,7\n");
            assertThat(in.report().schemaFormat("total")).isEqualTo("decimal comma");
            assertThat(number(in, "total", 0)).isEqualTo(489.048);
            assertThat(number(in, "total", 1)).isEqualTo(16.2155);
            assertThat(number(in, "total", 3)).isEqualTo(7.0);
        }

        @Test
        void aSemicolonFileReadsThreeDecimalsAsADecimalComma() throws IOException {
            var in = csv("id;weight\n1;1,250\n2;2,125\n3;12\n");
            assertThat(in.report().schemaFormat("weight")).isEqualTo("decimal comma");
            assertThat(number(in, "weight", 0)).isEqualTo(1.25);
            assertThat(number(in, "weight", 1)).isEqualTo(2.125);
        }

        @Test
        void otherColumnsWithDecimalCommasDecideTheAmbiguousOnes() throws IOException {
            var in = csv("price,total\n\"2,5\",\"1,250\"\n\"3,75\",\"2,125\"\n\"4\",\"12\"\n");
            assertThat(in.report().schemaFormat("price")).isEqualTo("decimal comma");
            assertThat(in.report().schemaFormat("total")).isEqualTo("decimal comma");
            assertThat(number(in, "total", 0)).isEqualTo(1.25);
        }

        @Test
        void thousandsSeparatorsStayThousandsInADecimalPointFile() throws IOException {
            var in = csv("id,amount,units\n1,\"1,234.50\",\"1,234\"\n2,\"2,500\",\"2,500\"\n3,12.25,7\n");
            assertThat(number(in, "amount", 0)).isEqualTo(1234.5);
            assertThat(number(in, "amount", 1)).isEqualTo(2500.0);
            assertThat(number(in, "units", 0)).isEqualTo(1234.0);
            assertThat(number(in, "units", 1)).isEqualTo(2500.0);
            assertThat(in.report().schemaFormat("units")).isEqualTo("thousands separator");
        }

        @Test
        void aSemicolonFileWithDecimalPointsKeepsItsThousands() throws IOException {
            var in = csv("id;amount\n1;1,234.50\n2;2,500\n3;12.25\n");
            assertThat(number(in, "amount", 1)).isEqualTo(2500.0);
        }
    }

    /** Infinity, NaN and numbers beyond a double are not values a person wrote down as amounts. */
    @Nested
    class OutOfRangeNumbers {

        @Test
        void nonFiniteNumbersAreMisfitsAndNaNIsMissing() throws IOException {
            var bad = Map.of(20, "inf", 40, "1e999999", 60, "Infinity", 80, "-inf", 100, "NaN");
            var sb = new StringBuilder("id,amount\n");
            for (int i = 0; i < 200; i++) {
                sb.append(i)
                        .append(',')
                        .append(bad.getOrDefault(i, (i % 50) + ".25"))
                        .append('\n');
            }
            var in = read(sb.toString());
            assertThat(types(in.report())).containsEntry("amount", ColumnType.DECIMAL);
            var amount = (NumberColumn) in.table().column("amount");
            for (int row : bad.keySet()) {
                assertThat(amount.isMissing(row)).as("row %d", row).isTrue();
            }
            assertThat(in.report().valueIssues()).singleElement().satisfies(v -> {
                assertThat(v.column()).isEqualTo("amount");
                assertThat(v.count()).isEqualTo(4);
                assertThat(v.examples())
                        .extracting(IngestReport.BadValue::value)
                        .containsExactly("inf", "1e999999", "Infinity", "-inf");
            });
            assertThat(in.report().problems())
                    .anyMatch(p -> p.startsWith("4 value(s) in 'amount' are not numbers and became missing"));
        }

        @Test
        void infinityInAJsonLinesNumberColumnIsAMisfit() throws IOException {
            // DuckDB reads the JSON number 1e999999 as Infinity in a DOUBLE column
            Path file = Files.writeString(
                    dir.resolve("n.jsonl"),
                    "{\"id\": 1, \"amount\": 1.5}\n{\"id\": 2, \"amount\": 1e999999}\n{\"id\": 3, \"amount\": 2.5}\n");
            var in = Ingest.read(file, Ingest.Options.defaults());
            assertThat(types(in.report())).containsEntry("amount", ColumnType.DECIMAL);
            assertThat(in.table().column("amount").isMissing(1)).isTrue();
            assertThat(((NumberColumn) in.table().column("amount")).get(2)).isEqualTo(2.5);
            assertThat(in.report().valueIssues()).singleElement().satisfies(v -> {
                assertThat(v.column()).isEqualTo("amount");
                assertThat(v.examples()).containsExactly(new IngestReport.BadValue(1, "inf"));
            });
        }

        @Test
        void decimalCommaAndCurrencyColumnsRefuseNonFiniteValuesToo() throws IOException {
            var sb = new StringBuilder("id;price;fee\n");
            for (int i = 0; i < 100; i++) {
                sb.append(i)
                        .append(';')
                        .append(i == 7 ? "1e999999" : i + ",5")
                        .append(';')
                        .append(i == 9 ? "$inf" : "$" + i + ".10")
                        .append('\n');
            }
            var in = Ingest.read(Files.writeString(dir.resolve("e.csv"), sb.toString()), Ingest.Options.defaults());
            assertThat(in.report().valueIssues())
                    .extracting(IngestReport.ValueIssue::column, IngestReport.ValueIssue::count)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("price", 1L),
                            org.assertj.core.groups.Tuple.tuple("fee", 1L));
            assertThat(in.table().column("price").isMissing(7)).isTrue();
            assertThat(in.table().column("fee").isMissing(9)).isTrue();
        }
    }

    @Nested
    class Formats {

        @Test
        void tabSeparatedGzipAndLatin1() throws IOException {
            Path tsv = Files.writeString(
                    dir.resolve("a.tsv"), "name\tcity\nJosé\tMünchen\n", java.nio.charset.StandardCharsets.ISO_8859_1);
            var in = Ingest.read(tsv, Ingest.Options.defaults());
            assertThat(in.report().dialect()).containsEntry("delimiter", "\t").containsEntry("encoding", "latin-1");
            assertThat(in.table().column("city").value(0)).isEqualTo("München");

            Path gz = dir.resolve("b.csv.gz");
            try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
                out.write("a,b\n1,2\n3,4\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            var g = Ingest.read(gz, Ingest.Options.defaults());
            assertThat(g.report().dialect()).containsEntry("compression", "gzip");
            assertThat(g.table().rowCount()).isEqualTo(2);
        }

        @Test
        void utf16WithByteOrderMark() throws IOException {
            Path file = Files.writeString(
                    dir.resolve("u.csv"), "id,word\n1,été\n", java.nio.charset.StandardCharsets.UTF_16);
            var in = Ingest.read(file, Ingest.Options.defaults());
            assertThat(in.table().column("word").value(0)).isEqualTo("été");
        }

        @Test
        void workbookSheetsDatesAndCachedFormulas() throws IOException {
            Path book = io.assay.core.testing.Workbooks.sales(dir);
            var in = Ingest.read(book, Ingest.Options.defaults());
            Table t = in.table();
            assertThat(in.report().dialect()).containsEntry("sheet", "Sales");
            assertThat(types(in.report()))
                    .containsEntry("Sold on", ColumnType.DATE)
                    .containsEntry("Quantity", ColumnType.INTEGER)
                    .containsEntry("Line total", ColumnType.DECIMAL)
                    .containsEntry("Member", ColumnType.BOOLEAN)
                    .containsEntry("Checked at", ColumnType.TIMESTAMP);
            assertThat(t.column("Sold on").value(1)).isEqualTo(LocalDate.of(2024, 2, 29));
            assertThat(((NumberColumn) t.column("Line total")).get(0)).isEqualTo(7.5);
            assertThat(t.column("Checked at").value(1)).isEqualTo(LocalDateTime.of(2024, 2, 29, 17, 5));

            var notes = Ingest.read(book, Ingest.Options.defaults().withSheet("Notes"));
            assertThat(notes.table().column("note").value(0)).isEqualTo("hello");
        }

        @Test
        void parquetKeepsItsTypes() throws Exception {
            Path file = dir.resolve("p.parquet");
            try (var engine = io.assay.core.sql.DuckEngine.open(io.assay.core.sql.DuckEngine.Options.defaults(null));
                    var db = new io.assay.core.sql.SqlSession(engine)) {
                db.execute(
                        "COPY (SELECT i AS id, i * 1.5 AS amount, DATE '2024-01-01' + CAST(i AS INTEGER) AS day, 'r' || (i % 3) AS region,"
                                + " i % 2 = 0 AS even FROM range(10) t(i)) TO '" + file + "' (FORMAT parquet)");
            }
            var in = Ingest.read(file, Ingest.Options.defaults());
            assertThat(types(in.report()))
                    .containsEntry("id", ColumnType.INTEGER)
                    .containsEntry("amount", ColumnType.DECIMAL)
                    .containsEntry("day", ColumnType.DATE)
                    .containsEntry("region", ColumnType.CATEGORICAL)
                    .containsEntry("even", ColumnType.BOOLEAN);
            assertThat(in.table().column("day").value(3)).isEqualTo(LocalDate.of(2024, 1, 4));
        }

        @Test
        void jsonLinesWithNestedValues() throws IOException {
            Path file = Files.writeString(
                    dir.resolve("r.jsonl"),
                    "{\"id\": 1, \"price\": \"$2.50\", \"tags\": [\"a\"], \"when\": \"2024-05-01\"}\n"
                            + "{\"id\": 2, \"price\": \"$3.00\", \"tags\": [], \"when\": \"2024-05-02\"}\n");
            var in = Ingest.read(file, Ingest.Options.defaults());
            assertThat(types(in.report()))
                    .containsEntry("id", ColumnType.INTEGER)
                    .containsEntry("price", ColumnType.DECIMAL)
                    .containsEntry("tags", ColumnType.TEXT)
                    .containsEntry("when", ColumnType.DATE);
            assertThat(((NumberColumn) in.table().column("price")).get(1)).isEqualTo(3.0);
        }
    }
}
