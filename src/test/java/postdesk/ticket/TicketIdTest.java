package postdesk.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TicketIdTest {

    @Test
    void randomIdsHaveTheDocumentedFormatAndUseOnlyUnambiguousSymbols() {
        Random random = new Random(42);
        Set<Character> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            String v = TicketId.random(random).value();
            assertThat(v).matches("TKT-[A-Z2-9]{5}-[A-Z2-9]{4}");
            for (char c : v.substring(4).replace("-", "").toCharArray()) seen.add(c);
        }
        assertThat(seen).doesNotContain('0', 'O', '1', 'I', 'L');
        // 18000 draws from 31 symbols: every symbol of the alphabet turns up
        assertThat(seen).hasSize(31);
    }

    @Test
    void randomIdsDoNotRepeat() {
        Random random = new Random(7);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) ids.add(TicketId.random(random).value());
        assertThat(ids).hasSize(10_000);
    }

    @Test
    void tagIsBracketedValue() {
        TicketId id = new TicketId("TKT-ABCDE-FGH2");
        assertThat(id.tag()).isEqualTo("[TKT-ABCDE-FGH2]");
        assertThat(id).hasToString("TKT-ABCDE-FGH2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TKT-ABCDE-FGHO", "TKT-ABCD0-FGHJ", "TKT-ABCDE-FGH1", "TKT-ABCDI-FGHJ", "TKT-ABCDL-FGHJ",
            "tkt-abcde-fghj", "TKT-ABCDEF-GHJ", "TKT-ABCDE-FGHJK", "TKTABCDEFGHJ", "[TKT-ABCDE-FGHJ]", ""})
    void constructorRefusesAnythingButTheExactForm(String value) {
        assertThatThrownBy(() -> new TicketId(value)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parseAcceptsWhatAPersonTypes() {
        assertThat(TicketId.parse("TKT-ABCDE-FGHJ")).contains(new TicketId("TKT-ABCDE-FGHJ"));
        assertThat(TicketId.parse("  tkt-abcde-fghj ")).contains(new TicketId("TKT-ABCDE-FGHJ"));
        assertThat(TicketId.parse("[TKT-ABCDE-FGHJ]")).contains(new TicketId("TKT-ABCDE-FGHJ"));
        assertThat(TicketId.parse(" [tkt-23456-789z] ")).contains(new TicketId("TKT-23456-789Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "TKT-ABCDE", "TKT-ABCDE-FGHJ extra", "TKT-ABCDE-FGHL", "tkt-abcde-fgh0",
            "TKT-ABCDE-FGH", "x TKT-ABCDE-FGHJ"})
    void parseRefusesNonIds(String text) {
        assertThat(TicketId.parse(text)).isEmpty();
    }

    @Test
    void parseOfNullIsEmpty() {
        assertThat(TicketId.parse(null)).isEmpty();
        assertThat(TicketId.findIn(null)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Re: Printer broken [TKT-ABCDE-FGHJ]",
            "RE: AW: Re: Printer broken [TKT-ABCDE-FGHJ]",
            "aw: printer broken [tkt-abcde-fghj]",
            "Fwd: SV: [Tkt-AbCdE-fGhJ] printer",
            "TKT-ABCDE-FGHJ",
            "Re:[TKT-ABCDE-FGHJ]",
            "about (TKT-ABCDE-FGHJ), please",
            "ticket TKT-ABCDE-FGHJ: still broken"})
    void findInFindsTheIdInAnyCaseAfterPrefixesAndInBrackets(String subject) {
        assertThat(TicketId.findIn(subject)).contains(new TicketId("TKT-ABCDE-FGHJ"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "XTKT-ABCDE-FGHJ",
            "TKT-ABCDE-FGHJK",
            "TKT-ABCDE-FGHJ9",
            "9TKT-ABCDE-FGHJ",
            "TKT-ABCDE-FGH0",
            "TKT-ABCDE-FGHL",
            "no id here",
            "TKT-ABCD-FGHJ"})
    void findInIgnoresIdsGluedToOtherCharactersOrMalformed(String subject) {
        assertThat(TicketId.findIn(subject)).isEmpty();
    }

    @Test
    void findInReturnsTheFirstId() {
        assertThat(TicketId.findIn("Re: [TKT-AAAAA-BBBB] merged with [TKT-CCCCC-DDDD]"))
                .contains(new TicketId("TKT-AAAAA-BBBB"));
    }

    @Test
    void findInSkipsAGluedIdAndFindsALaterProperOne() {
        assertThat(TicketId.findIn("XTKT-AAAAA-BBBB and [TKT-CCCCC-DDDD]"))
                .contains(new TicketId("TKT-CCCCC-DDDD"));
    }
}
