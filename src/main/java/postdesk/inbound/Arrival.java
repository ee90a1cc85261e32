package postdesk.inbound;

/** Everything the pipeline learned about one mail before applying it to a ticket. */
public record Arrival(RawMail raw, ReadMail read, Route route, Role role) {
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
