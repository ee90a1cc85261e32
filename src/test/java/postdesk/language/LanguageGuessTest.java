package postdesk.language;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

class LanguageGuessTest {
    static final Set<String> DESK = Set.of("en", "de");

    @Test
    void recognisesCustomersWritingInSeveralLanguages() {
        assertThat(LanguageGuess.of("Guten Tag, mein Drucker funktioniert seit gestern nicht mehr. Können Sie mir bitte helfen?", DESK))
                .contains("de");
        assertThat(LanguageGuess.of("Bonjour, mon imprimante ne fonctionne plus depuis hier. Pouvez-vous m'aider, s'il vous plaît ?", DESK))
                .contains("fr");
        assertThat(LanguageGuess.of("Hello, my printer stopped working yesterday morning and the display only shows an error."
                + " Could you please tell me what I should do now?", DESK)).contains("en");
        assertThat(LanguageGuess.of("Hola, mi impresora dejó de funcionar ayer por la mañana y la pantalla solo muestra un error."
                + " ¿Podrían decirme qué debo hacer ahora?", DESK)).contains("es");
        assertThat(LanguageGuess.of("Goedendag, mijn printer werkt sinds gisteren niet meer. Kunt u mij alstublieft helpen?", DESK))
                .contains("nl");
    }

    @Test
    void shortTextIsNoGuess() {
        assertThat(LanguageGuess.of("Hi", DESK)).isEmpty();
        assertThat(LanguageGuess.of("Thank you very much", DESK)).isEmpty();
        assertThat(LanguageGuess.of("Danke schön!", DESK)).isEmpty();
        assertThat(LanguageGuess.of("", DESK)).isEmpty();
        assertThat(LanguageGuess.of(null, DESK)).isEmpty();
        // digits, links and addresses are no letters of a language
        assertThat(LanguageGuess.of("Ok https://example.com/a/b/c/d/e/f/g/h 12345 678 alice@customer.test", DESK)).isEmpty();
    }

    @Test
    void textHalfInAnotherOfTheDesksLanguagesIsNoGuess() {
        String mixed = "Guten Tag, mein Drucker funktioniert seit gestern nicht mehr und ich weiß nicht weiter."
                + " Hello, my printer stopped working yesterday and I really do not know what to do now.";
        assertThat(LanguageGuess.of(mixed, DESK)).isEmpty();
        assertThat(LanguageGuess.of("Ich habe folgende Fehlermeldung bekommen, als ich den Drucker heute früh eingeschaltet habe:"
                + " The printer could not be found on the network. Please check the cable and try again.", DESK)).isEmpty();
    }
}
