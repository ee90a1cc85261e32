package postdesk.bounce;

import java.util.List;

/** What a bounce says: who could not be reached, with which status, and which mail it returns. */
public record Bounce(List<Recipient> recipients, String originalMessageId) {

    /** One failed (or, in a success report, delivered) recipient; {@code status} is the RFC 3463 code, e.g. 5.1.1. */
    public record Recipient(String address, String status, String action, String diagnostic) {
    }


    /**
     * Recipients whose delivery failed for good (action failed, status 5.x.x): the addresses not to mail
     * again. A delay report (action delayed, 4.x.x) is a bounce too, but names no such address.
     */
    public List<Recipient> permanentFailures() {
        return recipients.stream().filter(r -> "failed".equals(r.action()) && r.status() != null && r.status().startsWith("5")).toList();
    }

    /** Every recipient's action is delivered, relayed or expanded: a success report, not a bounce. */
    public boolean allDelivered() {
        return !recipients.isEmpty() && recipients.stream()
                .allMatch(r -> r.action() != null && r.action().matches("delivered|relayed|expanded"));
    }
}
