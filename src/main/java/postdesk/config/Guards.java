package postdesk.config;

import java.time.Duration;
import java.util.Set;

/**
 * The settings of Postdesk's guards against loops, floods and forgery.
 *
 * @param secret          the signing key (empty: one is made and kept in the database)
 * @param replyTokenTtl   how long an agent's reply address stays valid
 * @param trustedServers  authserv-ids whose Authentication-Results are believed (empty: off)
 * @param autoReplyCap    automatic mails to one recipient per window
 * @param autoReplyTotal  automatic mails to customers in all per window (a flood from many domains)
 * @param autoRecipientsMax  recipients of one automatic mail at most
 * @param participantsMax people copied on a first mail who join its ticket at most
 * @param senderLimit     inbound mails answered per sender per window
 * @param domainLimit     inbound mails answered per sender domain per window
 * @param bounceSuppress  how long a hard-bounced address gets no mail
 */
public record Guards(String secret, Duration replyTokenTtl, Set<String> trustedServers, Rate autoReplyCap,
                     Rate autoReplyTotal, int autoRecipientsMax, int participantsMax, Rate senderLimit, Rate domainLimit, Duration bounceSuppress) {

    @Override
    public String toString() {
        return "Guards[secret=" + (secret.isEmpty() ? "stored" : "configured") + ", replyTokenTtl=" + replyTokenTtl
                + ", trustedServers=" + trustedServers + ", autoReplyCap=" + autoReplyCap + ", autoReplyTotal=" + autoReplyTotal
                + ", autoRecipientsMax=" + autoRecipientsMax + ", participantsMax=" + participantsMax + ", senderLimit=" + senderLimit
                + ", domainLimit=" + domainLimit + ", bounceSuppress=" + bounceSuppress + "]";
    }
}
