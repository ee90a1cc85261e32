package postdesk.corpus;

import java.lang.reflect.Method;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;

import postdesk.bounce.Bounce;
import postdesk.mail.AttachmentInfo;
import postdesk.mime.ParsedMail;
import postdesk.reading.MailKind;
import postdesk.reading.Reading;

/**
 * The checks, and how each compares what {@code MailReader} produced with what the corpus
 * states. A check is evaluated for a case only when its {@link Expect} says something the check
 * covers; the result is the list of mismatches (empty = pass).
 */
final class Checks {
    static final String PARSE = "parse";
    static final String KIND = "kind";
    static final String REPLY = "reply_text";
    static final String FRAGMENTS = "reply_fragments";
    static final String BOUNCE = "bounce";
    static final String HEADERS = "headers";
    static final String ATTACHMENT_NAMES = "attachment_names";
    static final String ATTACHMENTS = "attachments";
    static final String TEXT = "text";
    static final String IDS = "ids";

    /** Report order. */
    static final List<String> ALL = List.of(PARSE, KIND, REPLY, FRAGMENTS, BOUNCE, HEADERS, ATTACHMENT_NAMES, ATTACHMENTS, TEXT, IDS);

    /** The agreed pass-rate targets (asserted unless -Dcorpus.enforce=false). */
    static final Map<String, Double> TARGETS = Map.of(
            KIND, 0.98, REPLY, 0.95, BOUNCE, 0.95, HEADERS, 0.98, ATTACHMENT_NAMES, 0.98);

    /** What each check compares, for the report. */
    static final Map<String, String> DESCRIPTIONS = new LinkedHashMap<>();

    static {
        DESCRIPTIONS.put(PARSE, "MailReader.read returned (no exception, no timeout)");
        DESCRIPTIONS.put(KIND, "classification, corpus vocabulary mapped to MailKind (see CorpusTest javadoc)");
        DESCRIPTIONS.put(REPLY, "reply_text exact after trimming (or the source's own compare rule)");
        DESCRIPTIONS.put(FRAGMENTS, "fragment facts only: visible fragments' regexes found in reply_text, hidden ones not");
        DESCRIPTIONS.put(BOUNCE, "bounce recipients: address (case-insensitive) and RFC 3463 status, same count");
        DESCRIPTIONS.put(HEADERS, "decoded Subject (exact), From address (case-insensitive) and display name");
        DESCRIPTIONS.put(ATTACHMENT_NAMES, "decoded attachment file names");
        DESCRIPTIONS.put(ATTACHMENTS, "attachment count / types / decoded sizes / inline flags");
        DESCRIPTIONS.put(TEXT, "parsed body text (before reply extraction): contains / equals, whitespace-collapsed");
        DESCRIPTIONS.put(IDS, "Message-ID, In-Reply-To, References");
    }

    record Mismatch(String what, String expected, String actual) {
    }

    private Checks() {
    }

    /** The checks this expectation covers, in report order (parse excluded: the runner decides that). */
    static List<String> applicable(Expect e) {
        List<String> names = new ArrayList<>();
        if (e.kinds != null || e.reject) names.add(KIND);
        if (e.hasReply()) names.add(REPLY);
        if (e.hasFragments()) names.add(FRAGMENTS);
        if (e.bounce != null) names.add(BOUNCE);
        if (e.hasHeaders()) names.add(HEADERS);
        if (e.hasAttachmentNames()) names.add(ATTACHMENT_NAMES);
        if (e.hasAttachments()) names.add(ATTACHMENTS);
        if (e.hasText()) names.add(TEXT);
        if (e.hasIds()) names.add(IDS);
        return names;
    }

    static List<Mismatch> evaluate(String check, Expect e, Reading r) {
        List<Mismatch> out = new ArrayList<>();
        switch (check) {
            case KIND -> kind(e, r, out);
            case REPLY -> reply(e, r, out);
            case FRAGMENTS -> fragments(e, r, out);
            case BOUNCE -> bounce(e, r, out);
            case HEADERS -> headers(e, r.mail(), out);
            case ATTACHMENT_NAMES -> attachmentNames(e, r.mail(), out);
            case ATTACHMENTS -> attachments(e, r.mail(), out);
            case TEXT -> text(e, r.mail(), out);
            case IDS -> ids(e, r.mail(), out);
            default -> throw new IllegalArgumentException(check);
        }
        return out;
    }

    // ------------------------------------------------------------------ kind

    private static void kind(Expect e, Reading r, List<Mismatch> out) {
        MailKind actual = r.kind();
        if (e.reject) {
            ParsedMail m = r.mail();
            boolean noSender = m.from() == null || m.from().address().isEmpty() || !m.from().address().contains("@");
            boolean empty = m.text().isBlank() && m.attachments().isEmpty();
            if (!(noSender || actual != MailKind.HUMAN || empty)) {
                out.add(new Mismatch("kind", "reject (no usable From address, or not human, or no content)",
                        actual.label() + " from <" + m.from().address() + ">, " + m.text().strip().length() + " chars of text"));
            }
            return;
        }
        if (!e.kinds.contains(actual)) {
            String accepted = e.kinds.stream().map(MailKind::label).reduce((a, b) -> a + "|" + b).orElse("");
            out.add(new Mismatch("kind", e.kindLabel + (e.kindLabel.startsWith(accepted) ? "" : " (" + accepted + ")"), actual.label()));
        }
    }

    // ------------------------------------------------------------------ reply_text

    private static void reply(Expect e, Reading r, List<Mismatch> out) {
        java.util.function.UnaryOperator<String> norm = x -> {
            String t = nfc(nl(x).strip());
            return e.replyLinesStripped ? ReplyPolicy.stripLines(t) : t;
        };
        String actual = norm.apply(r.reply().text());
        String note = e.replyNote == null ? "" : " [" + e.replyNote + "]";
        if (!e.replyExact.isEmpty()) {
            boolean any = e.replyExact.stream().anyMatch(x -> norm.apply(x).equals(actual));
            if (!any) out.add(new Mismatch("reply_text" + note, String.join("  ||  ", e.replyExact), actual));
        }
        String compared = e.replyIgnoreQuoteMarkers ? actual.replaceAll("(?m)^[ \\t]*(>[ \\t]?)+", "") : actual;
        if (e.replyNoWhitespace != null && !noWs(e.replyNoWhitespace).equals(noWs(compared))) {
            out.add(new Mismatch("reply_text ignoring all whitespace" + note, e.replyNoWhitespace, actual));
        }
        if (e.replyNonEmpty && actual.isEmpty()) out.add(new Mismatch("reply_text non-empty" + note, "(non-empty)", ""));
        for (String s : e.replyMustNotContain) {
            if (actual.contains(norm.apply(s))) out.add(new Mismatch("reply_text must not contain" + note, "without \"" + s + "\"", actual));
        }
        for (String s : e.replyMustContain) {
            if (!actual.contains(norm.apply(s))) out.add(new Mismatch("reply_text must contain" + note, "with \"" + s + "\"", actual));
        }
    }

    private static void fragments(Expect e, Reading r, List<Mismatch> out) {
        String actual = nl(r.reply().text()).strip();
        for (Pattern p : e.visibleFragments) {
            if (!p.matcher(actual).find()) out.add(new Mismatch("visible fragment kept", "/" + p.pattern() + "/ found", actual));
        }
        for (Pattern p : e.hiddenFragments) {
            if (p.matcher(actual).find()) out.add(new Mismatch("hidden fragment removed", "/" + p.pattern() + "/ not found", actual));
        }
    }

    // ------------------------------------------------------------------ bounce

    private static void bounce(Expect e, Reading r, List<Mismatch> out) {
        String expected = e.bounce.stream().map(Checks::show).reduce((a, b) -> a + ", " + b).orElse("");
        Bounce b = r.bounce();
        if (b == null) {
            out.add(new Mismatch("bounce", expected, "no bounce read (kind " + r.kind().label() + ")"));
            return;
        }
        List<Bounce.Recipient> left = new ArrayList<>(b.recipients());
        String actualShown = left.stream().map(x -> x.address() + " " + x.status() + " " + x.action()).reduce((a, c) -> a + ", " + c).orElse("(no recipients)");
        boolean ok = left.size() == e.bounce.size();
        // addressed expectations first, so an unaddressed one cannot take their recipient
        List<Expect.Recipient> wanted = new ArrayList<>(e.bounce);
        wanted.sort((x, y) -> Boolean.compare(x.address() == null, y.address() == null));
        for (Expect.Recipient want : wanted) {
            Bounce.Recipient match = null;
            for (Bounce.Recipient got : left) {
                if (matches(want, got)) {
                    match = got;
                    break;
                }
            }
            if (match == null) ok = false;
            else left.remove(match);
        }
        if (!ok) out.add(new Mismatch("bounce recipients", expected, actualShown));
    }

    private static boolean matches(Expect.Recipient want, Bounce.Recipient got) {
        if (want.address() != null && (got.address() == null || !want.address().equalsIgnoreCase(got.address().strip()))) return false;
        if (want.status() != null && !want.status().isEmpty()) return want.status().equals(got.status());
        if (want.statusClass() != null && !want.statusClass().isEmpty()) {
            return got.status() != null && got.status().startsWith(want.statusClass() + ".");
        }
        return true;
    }

    private static String show(Expect.Recipient r) {
        String s = r.address() == null ? "(any address)" : r.address();
        if (r.status() != null && !r.status().isEmpty()) s += " " + r.status();
        else if (r.statusClass() != null && !r.statusClass().isEmpty()) s += " " + r.statusClass() + ".x.x";
        return s;
    }

    // ------------------------------------------------------------------ headers

    private static void headers(Expect e, ParsedMail m, List<Mismatch> out) {
        String note = e.headersNote == null ? "" : " [" + e.headersNote + "]";
        if (e.subject != null) {
            boolean ok = e.subjectLoose ? collapse(e.subject).equals(collapse(m.subject())) : nfc(e.subject).equals(nfc(m.subject()));
            if (!ok) out.add(new Mismatch("subject" + note, e.subject, m.subject()));
        }
        if (e.subjectPrefix != null && !m.subject().startsWith(e.subjectPrefix)) {
            out.add(new Mismatch("subject starts with" + note, e.subjectPrefix, m.subject()));
        }
        if (!e.fromAddress.isEmpty()) {
            String actual = m.from() == null ? "" : m.from().address();
            boolean ok = e.fromAddress.stream().anyMatch(a -> nfc(a).equalsIgnoreCase(nfc(actual)));
            if (!ok) out.add(new Mismatch("from address" + note, String.join(" | ", e.fromAddress), actual));
        }
        if (e.fromName != null) {
            String actual = m.from() == null ? "" : m.from().name();
            boolean ok = e.subjectLoose ? collapse(e.fromName).equals(collapse(actual)) : nfc(e.fromName.strip()).equals(nfc(actual.strip()));
            if (!ok) out.add(new Mismatch("from name" + note, e.fromName, actual));
        }
    }

    // ------------------------------------------------------------------ attachments

    private static void attachmentNames(Expect e, ParsedMail m, List<Mismatch> out) {
        List<String> actual = new ArrayList<>();
        for (AttachmentInfo a : m.attachments()) actual.add(a.filename());
        List<String> left = new ArrayList<>();
        for (String a : actual) left.add(safe(a));
        List<String> missing = new ArrayList<>();
        for (String want : e.attachmentNames) {
            if (!left.remove(safe(want))) missing.add(want);
        }
        String note = e.attachmentNamesNote == null ? "" : " [" + e.attachmentNamesNote + "]";
        if (!missing.isEmpty() || (e.attachmentNamesExact && !left.isEmpty())) {
            out.add(new Mismatch("attachment names" + (e.attachmentNamesExact ? " (exactly)" : " (among)") + note,
                    e.attachmentNames.toString(), actual.toString()));
        }
    }

    private static void attachments(Expect e, ParsedMail m, List<Mismatch> out) {
        List<AttachmentInfo> as = m.attachments();
        String shown = describe(as);
        if (e.attachmentCount != null && as.size() != e.attachmentCount) {
            out.add(new Mismatch("attachment count", String.valueOf(e.attachmentCount), as.size() + ": " + shown));
        }
        if (e.hasAttachments != null && e.hasAttachments != !as.isEmpty()) {
            out.add(new Mismatch("has attachments", String.valueOf(e.hasAttachments), shown));
        }
        for (String type : e.attachmentTypes) {
            if (as.stream().noneMatch(a -> type.equalsIgnoreCase(a.contentType()))) out.add(new Mismatch("attachment of type", type, shown));
        }
        for (String type : e.attachmentTypesAbsent) {
            if (as.stream().anyMatch(a -> type.equalsIgnoreCase(a.contentType()))) out.add(new Mismatch("no attachment of type", type, shown));
        }
        if (e.attachmentSizes != null) {
            for (int i = 0; i < e.attachmentSizes.size(); i++) {
                Long want = e.attachmentSizes.get(i);
                if (want == null) continue;
                if (i >= as.size() || as.get(i).size() != want) {
                    out.add(new Mismatch("size of attachment #" + i, String.valueOf(want), shown));
                }
            }
        }
        e.attachmentSizeByName.forEach((name, size) -> {
            AttachmentInfo a = byName(as, name);
            if (a == null || a.size() != size) out.add(new Mismatch("size of " + name, String.valueOf(size), shown));
        });
        e.attachmentShaByName.forEach((name, sha) -> {
            AttachmentInfo a = byName(as, name);
            String got = a == null ? null : sha256Of(a);
            if (a == null || (got != null && !got.equalsIgnoreCase(sha))) {
                out.add(new Mismatch("sha256 of " + name, sha, a == null ? shown : got));
            }
        });
        e.attachmentSizeByType.forEach((type, size) -> {
            boolean ok = as.stream().anyMatch(a -> a.contentType() != null && a.contentType().toLowerCase(Locale.ROOT).startsWith(type) && a.size() == size);
            if (!ok) out.add(new Mismatch("a " + type + " attachment of " + size + " bytes", type + " " + size, shown));
        });
        e.inlineByName.forEach((name, inline) -> {
            AttachmentInfo a = byName(as, name);
            if (a == null || a.inline() != inline) out.add(new Mismatch("inline flag of " + name, String.valueOf(inline), shown));
        });
        e.inlineByIndex.forEach((i, inline) -> {
            if (i >= as.size() || as.get(i).inline() != inline) out.add(new Mismatch("inline flag of attachment #" + i, String.valueOf(inline), shown));
        });
    }

    private static AttachmentInfo byName(List<AttachmentInfo> as, String name) {
        for (AttachmentInfo a : as) {
            if (nfc(name).equals(nfc(a.filename()))) return a;
        }
        return null;
    }

    /**
     * A file name as Postdesk may store it: NFC, and the characters it replaces for safety
     * (control characters and {@code "*:<>?|}) as '_'. Names are compared modulo that policy.
     */
    static String safe(String name) {
        return nfc(name == null ? "" : name).replaceAll("[\\p{Cntrl}\"*:<>?|]", "_").strip();
    }

    static String describe(List<AttachmentInfo> as) {
        if (as.isEmpty()) return "[]";
        StringBuilder sb = new StringBuilder("[");
        for (AttachmentInfo a : as) {
            if (sb.length() > 1) sb.append(", ");
            sb.append(a.filename()).append(" (").append(a.contentType()).append(", ").append(a.size()).append(" B")
                    .append(a.inline() ? ", inline" : "").append(')');
        }
        return sb.append(']').toString();
    }

    /** The attachment's sha256 where the parser's AttachmentInfo exposes one (newer versions do), else null. */
    private static String sha256Of(AttachmentInfo a) {
        try {
            Method m = AttachmentInfo.class.getMethod("sha256");
            Object v = m.invoke(a);
            return v == null ? null : v.toString();
        } catch (ReflectiveOperationException ex) {
            return null;
        }
    }

    // ------------------------------------------------------------------ text

    private static void text(Expect e, ParsedMail m, List<Mismatch> out) {
        String text = m.text() == null ? "" : m.text();
        String ctext = collapse(text);
        String note = e.textNote == null ? "" : " [" + e.textNote + "]";
        for (String want : e.textContains) {
            if (!nfc(ctext).contains(nfc(collapse(want)))) out.add(new Mismatch("text contains" + note, want, text));
        }
        if (e.textEquals != null && !nfc(collapse(e.textEquals)).equals(nfc(ctext))) {
            out.add(new Mismatch("text equals (whitespace collapsed)" + note, e.textEquals, text));
        }
        if (e.textStartsWith != null && !nl(text).stripLeading().startsWith(e.textStartsWith)) {
            out.add(new Mismatch("text starts with" + note, e.textStartsWith, text));
        }
        String html = m.html();
        if (e.hasHtml != null && e.hasHtml != (html != null)) {
            out.add(new Mismatch("has an HTML body", String.valueOf(e.hasHtml), html == null ? "no" : "yes"));
        }
        if (e.htmlTextEquals != null) {
            String visible = html == null ? "" : Jsoup.parse(html).text();
            boolean viaText = e.htmlOrText && nfc(ctext).contains(nfc(collapse(e.htmlTextEquals)));
            if (!viaText && !nfc(collapse(e.htmlTextEquals)).equals(nfc(collapse(visible)))) {
                out.add(new Mismatch("visible text of the HTML body" + note, e.htmlTextEquals, html == null ? "(no HTML body)" : visible));
            }
        }
        for (String want : e.htmlContains) {
            if (html == null || !collapse(html).contains(collapse(want))) {
                out.add(new Mismatch("HTML body contains", want, html == null ? "(no HTML body)" : html));
            }
        }
    }

    // ------------------------------------------------------------------ ids

    private static void ids(Expect e, ParsedMail m, List<Mismatch> out) {
        if (e.messageId != null && !e.messageId.equals(m.messageId())) out.add(new Mismatch("message_id", e.messageId, String.valueOf(m.messageId())));
        if (e.inReplyTo != null && !e.inReplyTo.equals(m.inReplyTo())) out.add(new Mismatch("in_reply_to", e.inReplyTo.toString(), m.inReplyTo().toString()));
        if (e.references != null && !e.references.equals(m.references())) out.add(new Mismatch("references", e.references.toString(), m.references().toString()));
    }

    // ------------------------------------------------------------------ text helpers

    static String nl(String s) {
        return s == null ? "" : s.replace("\r\n", "\n").replace('\r', '\n');
    }

    /** Whitespace runs (incl. no-break space) collapsed to one space, trimmed. */
    static String collapse(String s) {
        return s == null ? "" : s.replace('\u00a0', ' ').replaceAll("[\\s\\u200b\\ufeff]+", " ").strip();
    }

    static String noWs(String s) {
        return s == null ? "" : s.replaceAll("[\\s\\u00a0\\u200b\\ufeff]+", "");
    }

    static String nfc(String s) {
        return s == null ? "" : Normalizer.normalize(s, Normalizer.Form.NFC);
    }
}
