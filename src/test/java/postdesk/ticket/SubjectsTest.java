package postdesk.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SubjectsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Re: Printer broken|Printer broken",
            "RE: AW: Fwd: SV: Printer broken|Printer broken",
            "aw:   fwd:Printer broken|Printer broken",
            "Re[2]: Printer broken|Printer broken",
            "WG: FW: Printer broken|Printer broken",
            "'  Re :  Printer broken  '|Printer broken",
            "Printer broken|Printer broken",
            "Printer: broken again|Printer: broken again"})
    void forTicketStripsReplyPrefixes(String in, String expected) {
        assertThat(Subjects.forTicket(in)).isEqualTo(expected);
    }

    @Test
    void forTicketStripsPrefixesOnlyAtTheStart() {
        assertThat(Subjects.forTicket("Question about Re: headers")).isEqualTo("Question about Re: headers");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Re: Printer broken [TKT-ABCDE-FGHJ]|Printer broken",
            "Re: [tkt-abcde-fghj] Printer broken|Printer broken",
            "Printer [TKT-ABCDE-FGHJ] broken|Printer broken",
            "Printer broken TKT-ABCDE-FGHJ|Printer broken"})
    void forTicketRemovesTicketTags(String in, String expected) {
        assertThat(Subjects.forTicket(in)).isEqualTo(expected);
    }

    @Test
    void forTicketFoldsLineBreaksAndControlCharacters() {
        assertThat(Subjects.forTicket("Hi\r\nBcc: evil@x.test")).isEqualTo("Hi Bcc: evil@x.test");
        assertThat(Subjects.forTicket("a\tb\u0000c\u007fd\u2028e\u2029f")).isEqualTo("a b c d e f");
        assertThat(Subjects.forTicket("Re:\r\n Printer\r\n\tbroken")).isEqualTo("Printer broken");
        assertThat(Subjects.forTicket("Hi\r\nBcc: evil@x.test")).doesNotContain("\r", "\n");
    }

    @Test
    void forTicketCollapsesWhitespace() {
        assertThat(Subjects.forTicket("  many    spaces   here ")).isEqualTo("many spaces here");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "Re:", "Re: AW: ", "[TKT-ABCDE-FGHJ]", "Re: [TKT-ABCDE-FGHJ]", "\r\n"})
    void forTicketOfNothingIsNoSubject(String in) {
        assertThat(Subjects.forTicket(in)).isEqualTo("(no subject)");
    }

    @Test
    void forTicketKeepsExactly200Characters() {
        String s = "x".repeat(200);
        assertThat(Subjects.forTicket(s)).isEqualTo(s);
    }

    @Test
    void forTicketCutsLongerSubjectsWithAnEllipsis() {
        String cut = Subjects.forTicket("y".repeat(201));
        assertThat(cut).hasSize(200).endsWith("…").startsWith("y".repeat(199));

        String words = Subjects.forTicket("word ".repeat(100));
        assertThat(words.length()).isLessThanOrEqualTo(200);
        assertThat(words).endsWith("…").doesNotContain(" …");
    }

    @Test
    void forTicketNeverCutsASurrogatePairInHalf() {
        // an emoji straddling the cut must not leave a lone surrogate (which is not valid text)
        String cut = Subjects.forTicket("a".repeat(198) + "\uD83D\uDE00" + "b".repeat(10));
        assertThat(cut.length()).isLessThanOrEqualTo(200);
        assertThat(cut).endsWith("…");
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            if (Character.isHighSurrogate(c)) {
                assertThat(i + 1 < cut.length() && Character.isLowSurrogate(cut.charAt(i + 1)))
                        .as("high surrogate at %d is followed by its low half", i).isTrue();
            }
        }
    }

    @Test
    void forTicketStripsPrefixesThatFollowALeadingTag() {
        // "[TKT-…] Re: x" must not keep "Re:" (and then lose it on the next pass, see idempotence)
        assertThat(Subjects.forTicket("[TKT-ABCDE-FGHJ] Re: Printer broken")).isEqualTo("Printer broken");
        assertThat(Subjects.forTicket("Re: [TKT-ABCDE-FGHJ] AW: Printer broken")).isEqualTo("Printer broken");
    }

    @Test
    void forTicketIsIdempotentWithALeadingTag() {
        String once = Subjects.forTicket("Re: [TKT-ABCDE-FGHJ] Re: Printer broken");
        assertThat(Subjects.forTicket(once)).isEqualTo(once);
    }

    @Test
    void forTicketIsIdempotent() {
        String once = Subjects.forTicket("Re: AW: Printer broken [TKT-ABCDE-FGHJ]\r\n" + "z".repeat(300));
        assertThat(Subjects.forTicket(once)).isEqualTo(once);
    }

    @Test
    void outboundIsReSubjectAndTag() {
        TicketId id = new TicketId("TKT-ABCDE-FGHJ");
        assertThat(Subjects.outbound("Printer broken", id)).isEqualTo("Re: Printer broken [TKT-ABCDE-FGHJ]");
    }

    @Test
    void outboundDoesNotStackPrefixesOrTags() {
        TicketId id = new TicketId("TKT-ABCDE-FGHJ");
        String first = Subjects.outbound("Printer broken", id);
        assertThat(Subjects.outbound("Re: " + first, id)).isEqualTo("Re: Printer broken [TKT-ABCDE-FGHJ]");
    }

    @Test
    void outboundOfEmptySubjectAndFoldedLineBreaks() {
        TicketId id = new TicketId("TKT-ABCDE-FGHJ");
        assertThat(Subjects.outbound("", id)).isEqualTo("Re: (no subject) [TKT-ABCDE-FGHJ]");
        assertThat(Subjects.outbound("Hi\r\nBcc: evil@x.test", id)).isEqualTo("Re: Hi Bcc: evil@x.test [TKT-ABCDE-FGHJ]");
    }
}
