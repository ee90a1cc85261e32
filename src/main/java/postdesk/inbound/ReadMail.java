package postdesk.inbound;

/** A mail read and understood: parsed, classified, its new text extracted, and its bounce details if it is one. */
public record ReadMail(ParsedMail mail, MailKind kind, ReplyExtractor.Reply reply, Bounce bounce) {
}
