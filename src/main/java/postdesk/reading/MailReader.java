package postdesk.reading;

import java.io.IOException;

import postdesk.bounce.Bounce;
import postdesk.bounce.BounceReader;
import postdesk.config.AttachmentLimits;
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

    /** Reads without keeping attachment content (for {@code parse}). */
    public MailReader() {
        this(AttachmentSink.DISCARD, AttachmentLimits.NONE);
    }

    public MailReader(AttachmentSink sink, AttachmentLimits limits) {
        this.sink = sink;
        this.parser = new MailParser(sink, limits);
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
        return new Reading(mail, kind, extractor.extract(mail.text(), mail.subject()), kind == MailKind.BOUNCE ? bounce.get() : null);
    }
}
