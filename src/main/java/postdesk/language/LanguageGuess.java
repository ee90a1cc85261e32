package postdesk.language;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.optimaize.langdetect.DetectedLanguage;
import com.optimaize.langdetect.LanguageDetector;
import com.optimaize.langdetect.LanguageDetectorBuilder;
import com.optimaize.langdetect.i18n.LdLocale;
import com.optimaize.langdetect.ngram.NgramExtractors;
import com.optimaize.langdetect.profiles.LanguageProfileReader;
import com.optimaize.langdetect.text.CommonTextObjectFactories;
import com.optimaize.langdetect.text.TextObjectFactory;

/**
 * The language a customer wrote in, from the text of their mail (their own words: the reply text,
 * without quoted history or signature), with optimaize language-detector's n-gram profiles of
 * {@link #KNOWN} languages. Only a clear verdict counts: too little text, or text in two languages,
 * is no guess. The profiles are loaded once, on first use, and shared (the detector is thread-safe).
 */
public final class LanguageGuess {
    private static final Logger log = LoggerFactory.getLogger(LanguageGuess.class);

    /** Fewer letters than this say too little about a language ("Hi", "Thanks!"). */
    static final int MIN_LETTERS = 20;
    /** The winner's share of the probability: an unclear text spreads it among several languages. */
    static final double MIN_PROBABILITY = 0.9;
    /** A mail's first this-many characters decide: more costs time (linearly, on the apply step) and seldom changes the verdict. */
    private static final int MAX_TEXT = 1000;

    /**
     * The widely written languages the detector tells apart. Not all 71 built-in profiles: those take
     * 74 MB of heap against 16 MB for these, and their small neighbours (Asturian, Galician, Haitian
     * Creole) win short Spanish or English texts.
     */
    static final List<String> KNOWN = List.of("ar", "bg", "ca", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "he", "hr", "hu",
            "id", "it", "ja", "lt", "lv", "nl", "no", "pl", "pt", "ro", "ru", "sk", "sl", "sr", "sv", "tr", "uk", "vi", "zh-CN");

    private LanguageGuess() {
    }

    /**
     * The ISO 639-1 code (lower case, "zh-cn" for regional profiles) of {@code text}'s language, if
     * it is clear: enough letters, a confident verdict, and no long half of the text clearly in
     * another of {@code languages} (the desk's: the detector alone names the stronger language of a
     * mixed text; halves in a close neighbour, Spanish read as Galician, are no sign of mixing).
     */
    public static Optional<String> of(String text, Set<String> languages) {
        if (text == null || letters(text) < MIN_LETTERS || Shared.INSTANCE.detector == null) return Optional.empty();
        String cleaned = Shared.INSTANCE.texts.forText(text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text).toString();
        Optional<String> whole = clear(cleaned);
        // a short half is often mistaken for a neighbour: only long halves are asked
        if (whole.isEmpty() || letters(cleaned) < 4 * MIN_LETTERS) return whole;
        int middle = cleaned.indexOf(' ', cleaned.length() / 2);
        if (middle < 0) return whole;
        for (String half : List.of(cleaned.substring(0, middle), cleaned.substring(middle))) {
            Optional<String> verdict = clear(half);
            if (verdict.isPresent() && !verdict.equals(whole) && languages.contains(verdict.get())) return Optional.empty();
        }
        return whole;
    }

    /** Starts loading the profiles on a thread of their own; a guess asked for meanwhile waits for them. */
    public static void loadInBackground() {
        Thread loader = new Thread(() -> {
            java.util.Objects.requireNonNull(Shared.INSTANCE);
        }, "language-profiles");
        loader.setDaemon(true);
        loader.start();
    }

    private static Optional<String> clear(String text) {
        if (letters(text) < MIN_LETTERS) return Optional.empty();
        List<DetectedLanguage> found = Shared.INSTANCE.detector.getProbabilities(text);
        if (found.isEmpty() || found.get(0).getProbability() < MIN_PROBABILITY) return Optional.empty();
        return Optional.of(found.get(0).getLocale().toString().toLowerCase(Locale.ROOT));
    }

    private static long letters(String text) {
        return text.codePoints().filter(Character::isLetter).count();
    }

    /** Loaded when first asked for (the holder idiom: once, thread-safe, off the start-up path). */
    private static final class Shared {
        static final Shared INSTANCE = new Shared();
        final LanguageDetector detector;
        // strips URLs and mail addresses, which look like no language
        final TextObjectFactory texts = CommonTextObjectFactories.forDetectingOnLargeText();

        /** Null when the profiles cannot be loaded: then nothing is detected, and mail goes on in the directory's or the default language. */
        private Shared() {
            long start = System.nanoTime();
            LanguageDetector loaded = null;
            try {
                loaded = LanguageDetectorBuilder.create(NgramExtractors.standard())
                        .withProfiles(new LanguageProfileReader().readBuiltIn(KNOWN.stream().map(LdLocale::fromString).toList())).build();
                log.info("language detector loaded in {} ms", (System.nanoTime() - start) / 1_000_000);
            } catch (IOException | RuntimeException e) {
                log.error("the language profiles cannot be loaded, no language is detected: {}", e.toString());
            }
            detector = loaded;
        }
    }
}
