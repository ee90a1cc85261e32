package postdesk.corpus;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import postdesk.reading.MailKind;

/**
 * What the corpus states about one case, in Postdesk's terms. Every field is optional: a check is
 * only evaluated for a case when the source states something it covers (see {@link Checks}).
 */
final class Expect {
    // --- kind
    /** Acceptable kinds; null = kind not stated. */
    Set<MailKind> kinds;
    /** The corpus's own label, shown in failures (e.g. "not_bounce", "reject"). */
    String kindLabel;
    /** "reject": passes when the daemon would refuse the mail (no From address, not human, or nothing in it). */
    boolean reject;

    // --- reply_text
    /** Exact after trimming surrounding whitespace (and CRLF -> LF); any alternative may match. */
    final List<String> replyExact = new ArrayList<>();
    /** Equal once every whitespace character is removed from both sides. */
    String replyNoWhitespace;
    /** For HTML input: '>' quote markers at line starts (how HtmlText renders a blockquote) are not text. */
    boolean replyIgnoreQuoteMarkers;
    boolean replyNonEmpty;
    final List<String> replyMustNotContain = new ArrayList<>();
    /** Strings the reply text must hold. */
    final List<String> replyMustContain = new ArrayList<>();
    /** Compare with every line stripped on both sides (sources whose parser strips lines). */
    boolean replyLinesStripped;
    /** Shown with failures: how the expected reply was obtained when it is not a plain transcription. */
    String replyNote;

    // --- reply_fragments (github/willdurand fragment facts without an expected reply)
    final List<Pattern> visibleFragments = new ArrayList<>();
    final List<Pattern> hiddenFragments = new ArrayList<>();

    // --- bounce
    /** Failed recipients, in any order; null = not stated. */
    List<Recipient> bounce;

    /**
     * @param status      the RFC 3463 status, compared exactly (null/empty = not stated)
     * @param statusClass only the class is stated ("5" = permanent, "4" = transient): the status must start with it
     */
    record Recipient(String address, String status, String statusClass) {
    }

    // --- headers
    String subject;
    /** Compare subjects with whitespace runs collapsed (for expectations derived from raw headers). */
    boolean subjectLoose;
    String subjectPrefix;
    /** Acceptable From addresses (compared case-insensitively). */
    final List<String> fromAddress = new ArrayList<>();
    String fromName;
    String headersNote;

    // --- attachment_names
    /** File names that must be among the attachments' names. */
    final List<String> attachmentNames = new ArrayList<>();
    /** When true, the attachments' names must be exactly {@link #attachmentNames} (as a multiset). */
    boolean attachmentNamesExact;
    String attachmentNamesNote;

    // --- attachments
    Integer attachmentCount;
    Boolean hasAttachments;
    /** Content types that must each be present among the attachments. */
    final List<String> attachmentTypes = new ArrayList<>();
    /** Content types that must not be present. */
    final List<String> attachmentTypesAbsent = new ArrayList<>();
    /** Decoded size per attachment position (null entries = not stated). */
    List<Long> attachmentSizes;
    /** Decoded size of the attachment with this name. */
    final Map<String, Long> attachmentSizeByName = new LinkedHashMap<>();
    /** sha256 (hex) of the attachment with this name, checked only where the parser exposes a hash. */
    final Map<String, String> attachmentShaByName = new LinkedHashMap<>();
    /** Some attachment of this content type prefix must have this size. */
    final Map<String, Long> attachmentSizeByType = new LinkedHashMap<>();
    /** Inline flag per attachment name. */
    final Map<String, Boolean> inlineByName = new LinkedHashMap<>();
    /** Inline flag per attachment position. */
    final Map<Integer, Boolean> inlineByIndex = new LinkedHashMap<>();

    // --- text (the parsed body text, before reply extraction)
    /** Must occur in the text, compared with whitespace runs collapsed. */
    final List<String> textContains = new ArrayList<>();
    /** Must equal the text, whitespace runs collapsed. */
    String textEquals;
    String textStartsWith;
    /** Visible text of the HTML body (tags stripped) must equal this, whitespace runs collapsed. */
    String htmlTextEquals;
    /** {@link #htmlTextEquals} is also met by the text holding that content (the plain alternative was chosen). */
    boolean htmlOrText;
    final List<String> htmlContains = new ArrayList<>();
    Boolean hasHtml;
    String textNote;

    // --- ids
    String messageId;
    List<String> inReplyTo;
    List<String> references;

    Expect kinds(String label, MailKind first, MailKind... rest) {
        this.kindLabel = label;
        this.kinds = EnumSet.of(first, rest);
        return this;
    }

    boolean hasReply() {
        return !replyExact.isEmpty() || replyNoWhitespace != null || replyNonEmpty || !replyMustNotContain.isEmpty() || !replyMustContain.isEmpty();
    }

    boolean hasFragments() {
        return !visibleFragments.isEmpty() || !hiddenFragments.isEmpty();
    }

    boolean hasHeaders() {
        return subject != null || subjectPrefix != null || !fromAddress.isEmpty() || fromName != null;
    }

    boolean hasAttachmentNames() {
        return !attachmentNames.isEmpty() || attachmentNamesExact;
    }

    boolean hasAttachments() {
        return attachmentCount != null || hasAttachments != null || !attachmentTypes.isEmpty()
                || !attachmentTypesAbsent.isEmpty() || attachmentSizes != null || !attachmentSizeByName.isEmpty()
                || !attachmentShaByName.isEmpty() || !attachmentSizeByType.isEmpty() || !inlineByName.isEmpty()
                || !inlineByIndex.isEmpty();
    }

    boolean hasText() {
        return !textContains.isEmpty() || textEquals != null || textStartsWith != null || htmlTextEquals != null
                || !htmlContains.isEmpty() || hasHtml != null;
    }

    boolean hasIds() {
        return messageId != null || inReplyTo != null || references != null;
    }
}
