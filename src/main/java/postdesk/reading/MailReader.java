package postdesk.reading;

import java.io.IOException;
import java.util.Set;

import postdesk.bounce.Bounce;
import postdesk.bounce.BounceReader;
import postdesk.config.AttachmentLimits;
import postdesk.language.LanguageGuess;
import postdesk.mime.AttachmentSink;
import postdesk.mime.MailParser;
import postdesk.mime.ParsedMail;
import postdesk.reply.ReplyExtractor;

/**
 * The reading half of the pipeline as one call: parse → classify → extract, plus bounce details.
 * The daemon and the {@code parse} command both use it, so what {@code parse} shows is what the
 * daemon does.
 */
public final class MailReader {
    private final AttachmentSink sink;
    private final MailParser parser;
    private final Classifier classifier = new Classifier();
    private final ReplyExtractor extractor = new ReplyExtractor();
    private final BounceReader bounces = new BounceReader();
    private final Set<String> languages;

    /** Reads without keeping attachment content and without telling languages (for {@code parse}). */
    public MailReader() {
        this(AttachmentSink.DISCARD, AttachmentLimits.NONE, Set.of());
    }

    /**
     * {@code languages}: those a human's mail is told apart in (none: no detection). Detecting here,
     * on the readers' pool, keeps it off the serial apply step; a reply to a ticket pays it unused.
     */
    public MailReader(AttachmentSink sink, AttachmentLimits limits, Set<String> languages) {
        this.sink = sink;
        this.parser = new MailParser(sink, limits);
        this.languages = Set.copyOf(languages);
    }

    /** A batch for one mail's attachments, to keep once the mail is stored (see {@link AttachmentSink.Batch}). */
    public AttachmentSink.Batch batch() {
        return sink.batch();
    }

    public Reading read(byte[] raw) throws IOException {
        return read(raw, sink);
    }

    public Reading read(byte[] raw, AttachmentSink into) throws IOException {
        ParsedMail mail = parser.parse(raw, into);
        Bounce[] report = new Bounce[1]; // a delivery report is read once, by whichever asks first
        java.util.function.Supplier<Bounce> bounce = () -> report[0] != null ? report[0] : (report[0] = bounces.read(mail));
        MailKind kind = classifier.classify(mail, bounce);
        ReplyExtractor.Reply reply = extractor.extract(mail.text(), mail.subject());
        String language = kind == MailKind.HUMAN && !languages.isEmpty() ? LanguageGuess.of(reply.text(), languages).orElse(null) : null;
        return new Reading(mail, kind, reply, kind == MailKind.BOUNCE ? bounce.get() : null, language);
    }
}
