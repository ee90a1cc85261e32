package postdesk.inbound;

/**
 * Everything the pipeline learned about one mail before applying it to a ticket; {@code forged}:
 * a trusted server found the sender's address forged.
 */
public record Arrival(RawMail raw, ReadMail read, Route route, Role role, boolean forged) {
    public ParsedMail mail() {
        return read.mail();
    }

    public MailKind kind() {
        return read.kind();
    }

    public ReplyExtractor.Reply reply() {
        return read.reply();
    }
}
