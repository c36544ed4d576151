package io.assay.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.Test;

/** Values given as text are read the way the training file wrote them, and in ISO. */
class SourceFormatTest {

    @Test
    void datesInTheTrainingFilesSpellingAndInIso() {
        var us = SourceFormat.of("%m/%d/%Y");
        assertThat(us.date("1/5/2019")).isEqualTo(LocalDate.of(2019, 1, 5));
        assertThat(us.date("01/05/2019")).isEqualTo(LocalDate.of(2019, 1, 5));
        assertThat(us.date(" 2019-01-05 ")).isEqualTo(LocalDate.of(2019, 1, 5));
        assertThat(SourceFormat.of("%d/%m/%Y").date("1/5/2019")).isEqualTo(LocalDate.of(2019, 5, 1));
        assertThat(SourceFormat.of("%d-%m-%y").date("31-12-99")).isEqualTo(LocalDate.of(1999, 12, 31));
        assertThatThrownBy(() -> us.date("13/45/2019")).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> SourceFormat.of("").date("1/5/2019")).isInstanceOf(DateTimeParseException.class);
    }

    @Test
    void timestampsAndTimes() {
        var ts = SourceFormat.of("%m/%d/%Y %I:%M %p");
        assertThat(ts.timestamp("3/8/2019 1:08 pm")).isEqualTo(LocalDateTime.of(2019, 3, 8, 13, 8));
        assertThat(ts.timestamp("2019-03-08 13:08")).isEqualTo(LocalDateTime.of(2019, 3, 8, 13, 8));
        assertThat(SourceFormat.of("%H.%M").time("7.05")).isEqualTo(LocalTime.of(7, 5));
        assertThat(SourceFormat.of("").time("13:08")).isEqualTo(LocalTime.of(13, 8));
    }

    @Test
    void flagsInTheSourcesWordsOrTheCommonOnes() {
        var words = SourceFormat.of("Active/Inactive");
        assertThat(words.flag("active")).isTrue();
        assertThat(words.flag("Inactive")).isFalse();
        assertThat(words.flag("yes")).isTrue();
        assertThatThrownBy(() -> SourceFormat.of("").flag("Active")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void numbersAsMoneyPercentagesAndDecimalCommas() {
        assertThat(SourceFormat.of("currency").number("$1,234.50")).isEqualTo(1234.5);
        assertThat(SourceFormat.of("currency").number("(12.00)")).isEqualTo(-12.0);
        assertThat(SourceFormat.of("percent (stored as a fraction)").number("12.5%"))
                .isEqualTo(0.125);
        assertThat(SourceFormat.of("decimal comma").number("1.234,5")).isEqualTo(1234.5);
        assertThat(SourceFormat.of("").number("1,234")).isEqualTo(1234.0);
        assertThatThrownBy(() -> SourceFormat.of("").number("lots")).isInstanceOf(NumberFormatException.class);
    }
}
