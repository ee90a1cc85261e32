package postdesk.reading;

import postdesk.bounce.Bounce;
import postdesk.mime.ParsedMail;
import postdesk.reply.ReplyExtractor;

/** A mail read and understood: parsed, classified, its new text extracted, and its bounce details if it is one. */
public record Reading(ParsedMail mail, MailKind kind, ReplyExtractor.Reply reply, Bounce bounce) {
}
