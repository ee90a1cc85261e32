package postdesk.inbound;

import java.io.IOException;

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

    public ReadMail read(byte[] raw) throws IOException {
        return read(raw, sink);
    }

    public ReadMail read(byte[] raw, AttachmentSink into) throws IOException {
        ParsedMail mail = parser.parse(raw, into);
        MailKind kind = classifier.classify(mail);
        Bounce bounce = kind == MailKind.BOUNCE ? bounces.read(mail) : null;
        return new ReadMail(mail, kind, extractor.extract(mail.text()), bounce);
    }
}
