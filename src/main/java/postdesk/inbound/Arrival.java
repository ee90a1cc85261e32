package postdesk.inbound;

/** Everything the pipeline learned about one mail before applying it to a ticket. */
public record Arrival(RawMail raw, ParsedMail mail, MailKind kind, Route route, Role role, ReplyExtractor.Reply reply) {
}
