package io.assay.leakage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.assay.core.error.InvalidFileException;
import io.assay.core.error.InvalidOptionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pack and rules files as users write them: one broken pack in the packs directory does not stop analyses of other
 * domains, and a broken file is reported in one line with its position and what was expected, in the user's words.
 */
class PackFilesTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    /** A small valid user pack called {@code name}. */
    private static String pack(String name) {
        return """
                name: %s
                columns:
                  - name: amount
                    type: number
                    required: true
                rules:
                  - id: NEG_001
                    type: negative_amount
                    when: "amount < 0"
                    impact: "-amount"
                """.formatted(name);
    }

    @Test
    void aBrokenPackDoesNotStopTheBuiltInDomainsNorOtherPacks() throws IOException {
        write("myshop.yaml", "name: [unclosed\n");
        write("other.yaml", pack("other"));
        assertThat(DomainPacks.resolve("retail", dir).name()).isEqualTo("retail");
        assertThat(DomainPacks.resolve("supermarket", dir).name()).isEqualTo("retail");
        assertThat(DomainPacks.resolve("other", dir).rules()).hasSize(1);
        write("file-name-of-its-own.yaml", pack("special"));
        assertThat(DomainPacks.resolve("special", dir).name()).isEqualTo("special");
        assertThat(DomainPacks.names(dir)).contains("other", "special").noneMatch(n -> n.contains("myshop"));
    }

    @Test
    void theBrokenPackAskedForIsReportedWithItsPositionAndWhatWasExpected() throws IOException {
        write("myshop.yaml", "name: [unclosed\ncolumns:\n  - name: amount\n");
        assertThatThrownBy(() -> DomainPacks.resolve("myshop", dir))
                .isInstanceOf(InvalidFileException.class)
                .hasMessage("myshop.yaml: line 2, column 8: not valid YAML: expected ',' or ']', but found ':'"
                        + " (the '[' list at line 1, column 7 is not closed)");
        write("myshop.yaml", "name: [a, b]\ncolumns:\n  - name: amount\n");
        assertThatThrownBy(() -> DomainPacks.resolve("myshop", dir))
                .isInstanceOf(InvalidFileException.class)
                .hasMessage("myshop.yaml: line 1, column 7: 'name' must be text, not a list");
    }

    @Test
    void anUnknownDomainNamesThePackFilesThatWereSkipped() throws IOException {
        write("broken.yaml", "name: x\ncolumns:\n  - name: a\n    required: maybe\n");
        assertThatThrownBy(() -> DomainPacks.resolve("nosuch", dir))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessage("invalid domain 'nosuch': use one of retail (supermarket), telecom (pack files that"
                        + " cannot be read were skipped: broken.yaml: line 4, column 15: 'required' of column a must"
                        + " be true or false, not 'maybe')");
    }

    @Test
    void rulesThatAreNotAListSaySo() throws IOException {
        Path f = write("rules.yaml", "rules: hello\n");
        assertThatThrownBy(() -> DomainPacks.readRules(f))
                .isInstanceOf(InvalidFileException.class)
                .hasMessage("rules.yaml: line 1, column 8: 'rules' must be a list of rules, not the text 'hello'");
    }

    @Test
    void anUnknownKeyNamesTheRuleAndTheKeysAllowed() throws IOException {
        Path f = write("rules.yaml", """
                rules:
                  - id: OK_001
                    type: fine
                    when: "quantity > 1"
                  - id: X
                    type: x
                    when: "quantity > 5"
                    severity: catastrophic
                """);
        assertThatThrownBy(() -> DomainPacks.readRules(f))
                .isInstanceOf(InvalidFileException.class)
                .hasMessageStartingWith("rules.yaml: unknown key 'severity' in rule X; allowed keys: id, type,")
                .hasMessageContaining("when, impact, confidence, critical_when");
    }

    @Test
    void aWrongValueNamesTheRuleTheKeyAndWhatWasFound() throws IOException {
        Path f = write("rules.json", """
                {"rules": [{"id": "A", "type": "a", "when": "quantity > 1", "requires": "quantity"}]}
                """);
        assertThatThrownBy(() -> DomainPacks.readRules(f))
                .isInstanceOf(InvalidFileException.class)
                .hasMessage("rules.json: line 1, column 73: 'requires' of rule A must be a list, not the text"
                        + " 'quantity'");
    }

    @Test
    void syntaxErrorsGiveTheParsersPositionAndProblemWithoutItsInternals() throws IOException {
        Path tab = write("tab.yaml", "rules:\n\t- id: A\n");
        assertThatThrownBy(() -> DomainPacks.readRules(tab))
                .hasMessage("tab.yaml: line 2, column 1: not valid YAML: found character a tab that cannot start any"
                        + " token. (Do not use a tab for indentation)");
        Path json = write("rules.json", "{\"rules\": [ {\"id\": \"A\", }");
        assertThatThrownBy(() -> DomainPacks.readRules(json))
                .hasMessage("rules.json: line 1, column 25: not valid JSON: Unexpected character ('}'): was"
                        + " expecting double-quote to start property name");
        Path kind = write("kind.yaml", "name: x\ncolumns:\n  - name: a\nnorms:\n  - kind: foo\n    id: n\n");
        assertThatThrownBy(() -> DomainPacks.read(kind))
                .hasMessage("kind.yaml: line 5, column 11: unknown kind 'foo' of norm n; use one of decimals,"
                        + " group_linear, group_median, group_rate, median");
    }

    @Test
    void anEmptyFileIsCalledEmpty() throws IOException {
        Path f = write("rules.yaml", "# nothing yet\n");
        assertThatThrownBy(() -> DomainPacks.readRules(f))
                .hasMessage("rules.yaml: is empty; a rules file holds 'rules:' and a list of rules");
    }

    @Test
    void aUserPackFeatureThatDoesNotTypeCheckIsNamedWithThePlainReason() throws IOException {
        Path csv = write("shop.csv", "product,amount\nA,1\nB,-2\n");
        DomainPack pack = DomainPacks.read(write("shop.yaml", """
                name: shop
                columns:
                  - name: product
                    type: string
                  - name: amount
                    type: number
                    required: true
                features:
                  - name: twice
                    expr: "amount * 2"
                  - name: doubled
                    expr: "product * twice"
                """));
        try (var analyses = new Analyses()) {
            assertThatThrownBy(
                            () -> analyses.analyze(csv, Leakage.Request.of(pack).withUnusual(false)))
                    .isInstanceOf(io.assay.core.error.InvalidExpressionException.class)
                    .hasMessage("invalid expression 'product * twice': feature doubled: '*' does not take text and a"
                            + " number");
        }
    }
}
