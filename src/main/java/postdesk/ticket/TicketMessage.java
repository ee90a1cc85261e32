package postdesk.ticket;

import java.time.Instant;
import java.util.List;

import postdesk.mail.Address;
import postdesk.mail.AttachmentInfo;

/** One entry of a ticket's conversation. {@code inbound} is mail that arrived; otherwise a reply relayed out. */
public record TicketMessage(
        long id,
        Address from,
        boolean inbound,
        boolean internal,
        String subject,
        String messageId,
        String fullText,
        String replyText,
        String quotedText,
        String html,
        List<AttachmentInfo> attachments,
        Instant created) {
}
