package postdesk.reading;

import postdesk.bounce.Bounce;
import postdesk.mime.ParsedMail;
import postdesk.reply.ReplyExtractor;

/**
 * A mail read and understood: parsed, classified, its new text extracted, its bounce details if it
 * is one, and the {@code language} its new text is clearly written in among the desk's (a human's
 * mail only; null when unclear or the desk offers one language).
 */
public record Reading(ParsedMail mail, MailKind kind, ReplyExtractor.Reply reply, Bounce bounce, String language) {
}
