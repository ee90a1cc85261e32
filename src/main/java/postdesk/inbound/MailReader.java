package postdesk.inbound;

import java.io.IOException;

/**
 * The reading half of the pipeline as one call: parse → classify → extract, plus bounce details.
 * The daemon and the {@code parse} command both use it, so what {@code parse} shows is what the
 * daemon does.
 */
public final class MailReader {
    private final MailParser parser = new MailParser();
    private final Classifier classifier = new Classifier();
    private final ReplyExtractor extractor = new ReplyExtractor();
    private final BounceReader bounces = new BounceReader();

    public ReadMail read(byte[] raw) throws IOException {
        ParsedMail mail = parser.parse(raw);
        MailKind kind = classifier.classify(mail);
        Bounce bounce = kind == MailKind.BOUNCE ? bounces.read(mail) : null;
        return new ReadMail(mail, kind, extractor.extract(mail.text()), bounce);
    }
}
