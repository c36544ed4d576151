package io.assay.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import javax.xml.stream.XMLStreamException;
import org.junit.jupiter.api.Test;

/** A workbook part the XML reader refuses is named in one line, and an attack is told apart from a slip. */
class XlsxMessagesTest {

    @Test
    void entitiesDeclaredInAPartAreNamedAsSuch() {
        var xxe = new XMLStreamException(
                "Encountered a reference to external entity \"x\", but stream reader has feature"
                        + " \"javax.xml.stream.isSupportingExternalEntities\" disabled\n at [row,col {unknown-source}]: [1,336]");
        assertThat(XlsxInspector.malformed(xxe))
                .isEqualTo(
                        "declares XML entities, which Assay does not read (save it again from a spreadsheet program)");
    }

    @Test
    void anUndeclaredEntityIsAMalformedPartNotADeclaration() {
        var slip = new XMLStreamException("Undeclared general entity \"nbsp\"\n at [row,col {unknown-source}]: [2,17]");
        assertThat(XlsxInspector.malformed(slip)).isEqualTo("has a malformed part: Undeclared general entity \"nbsp\"");
    }
}
