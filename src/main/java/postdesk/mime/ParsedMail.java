package postdesk.mime;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import postdesk.mail.Address;
import postdesk.mail.AttachmentInfo;

/**
 * What the parser read from one mail: decoded headers, the text to work with, the HTML it came
 * with (unsanitised: sanitise before showing), attachments, and the problems it met on the way.
 */
public record ParsedMail(
        String messageId,
        List<String> inReplyTo,
        List<String> references,
        String subject,
        Address from,
        List<Address> replyTo,
        List<Address> to,
        List<Address> cc,
        String contentType,
        String text,
        String html,
        List<AttachmentInfo> attachments,
        Map<String, List<String>> headers,
        List<Report> reports,
        List<String> warnings) {

    /**
     * A machine-readable part: a DSN's {@code message/delivery-status}, an ARF
     * {@code message/feedback-report}, an MDN, or the headers of a returned message
     * ({@code message/rfc822}, {@code text/rfc822-headers}), as text.
     */
    public record Report(String contentType, String text) {
    }

    /** Where the mail was delivered (an alias leaves its address in Delivered-To / X-Original-To) and whom it was written to. */
    public List<String> recipients() {
        List<String> out = new java.util.ArrayList<>();
        for (String h : List.of("delivered-to", "x-original-to")) {
            for (String v : headers(h)) out.add(v.strip().replaceAll("^<|>$", ""));
        }
        to.forEach(x -> out.add(x.address()));
        cc.forEach(x -> out.add(x.address()));
        return out;
    }

    /** The text of every report part of this type (lower case), in order. */
    public List<String> reports(String contentType) {
        return reports.stream().filter(r -> r.contentType().equals(contentType)).map(Report::text).toList();
    }

    /** The first value of a header (name in any case), unfolded, or {@code null}. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public List<String> headers(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    /** Message-IDs this mail answers, the most specific first: In-Reply-To, then References newest first. */
    public List<String> threadIds() {
        java.util.LinkedHashSet<String> ids = new java.util.LinkedHashSet<>(inReplyTo);
        for (int i = references.size() - 1; i >= 0; i--) ids.add(references.get(i));
        return List.copyOf(ids);
    }

    /** The same mail with another sender (the pipeline's fallback when From names nobody). */
    public ParsedMail withFrom(Address sender) {
        return new ParsedMail(messageId, inReplyTo, references, subject, sender, replyTo, to, cc, contentType, text, html, attachments,
                headers, reports, warnings);
    }
}
