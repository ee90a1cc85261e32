package postdesk.corpus;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import postdesk.reading.MailKind;

/**
 * Reads every source folder of the shared corpus into {@link CorpusCase}s. Each source states its
 * expectations in its own format; this class is the one place that knows those formats (see each
 * folder's README.md) and translates them into {@link Expect}. Nothing is copied out of the corpus.
 */
final class Sources {
    /** The source folders with a loader of their own; any other folder the corpus holds gets {@link #generic}. */
    static final List<String> KNOWN = List.of(
            "alfonsrv-mail-parser-reply", "apache-james-mime4j", "bestpractical-rt", "crisp-oss-email-reply-parser", "discourse",
            "discourse-email_reply_trimmer", "django-helpdesk", "github-email_reply_parser", "mailgun-flanker", "mailgun-talon",
            "nodemailer-mailparser", "ruby-mail-gem", "sisimai-set-of-emails", "willdurand-EmailReplyParser", "zammad",
            "zapier-email-reply-parser", "zbateson-mail-mime-parser");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path corpus;
    /** Problems of the harness itself (a listed file missing, an unknown label): these fail the test. */
    final List<String> harnessErrors = new ArrayList<>();

    Sources(Path corpus) {
        this.corpus = corpus;
    }

    /** Every source folder the corpus has (a folder with a README.md), sorted: each must yield cases. */
    List<String> all() throws IOException {
        try (var dirs = Files.list(corpus)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("README.md"))).map(d -> d.getFileName().toString()).sorted().toList();
        }
    }

    List<CorpusCase> load(String source) throws IOException {
        Path dir = corpus.resolve(source);
        List<CorpusCase> out = new ArrayList<>();
        switch (source) {
            case "apache-james-mime4j" -> mime4j(dir, out);
            case "bestpractical-rt" -> rt(dir, out);
            case "discourse" -> discourse(dir, out);
            case "discourse-email_reply_trimmer" -> trimmer(dir, out);
            case "django-helpdesk" -> django(dir, out);
            case "github-email_reply_parser", "willdurand-EmailReplyParser", "zapier-email-reply-parser", "crisp-oss-email-reply-parser" ->
                    fragmentModel(source, dir, out);
            case "alfonsrv-mail-parser-reply" -> repliesModel(dir, out);
            case "mailgun-flanker" -> flanker(dir, out);
            case "mailgun-talon" -> talon(dir, out);
            case "nodemailer-mailparser" -> nodemailer(dir, out);
            case "ruby-mail-gem" -> ruby(dir, out);
            case "sisimai-set-of-emails" -> sisimai(dir, out);
            case "zammad" -> zammad(dir, out);
            case "zbateson-mail-mime-parser" -> zbateson(dir, out);
            default -> generic(source, dir, out);
        }
        return out;
    }

    // ================================================================== sources

    private void mime4j(Path dir, List<CorpusCase> out) throws IOException {
        for (String sub : List.of("testmsgs", "mimetools-testmsgs")) {
            JsonNode manifest = json(dir.resolve(sub).resolve("manifest.json"));
            for (JsonNode m : manifest.path("messages")) {
                String file = m.path("message").asText();
                Expect e = new Expect();
                List<String> notes = new ArrayList<>();
                notes.add("event tree (.xml) and per-leaf sha256 are not observable through MailReader; "
                        + "subject/from/attachment names/plain text are derived from _decoded.xml + decoded_parts");
                try {
                    Mime4jOracle.derive(dir.resolve(m.path("expected_decoded_structure").asText()), m.path("decoded_parts"), e, notes);
                } catch (Exception ex) {
                    harnessErrors.add(source("apache-james-mime4j", file) + ": cannot read expected structure: " + ex);
                }
                out.add(fileCase("apache-james-mime4j", dir, file, e, notes));
            }
        }
    }

    private void rt(Path dir, List<CorpusCase> out) throws IOException {
        for (JsonNode c : json(dir.resolve("expectations.json")).path("cases")) {
            String file = c.path("file").asText();
            Expect e = new Expect();
            List<String> notes = new ArrayList<>();
            kind(e, c, "bestpractical-rt", file);
            for (String f : List.of("content_contains", "content_contains_unicode", "all_text_parts_contain_unicode")) {
                if (c.hasNonNull(f)) e.textContains.add(c.get(f).asText());
            }
            if (c.hasNonNull("subject")) e.subject = c.get("subject").asText();
            if (c.hasNonNull("subject_decoded")) e.subject = c.get("subject_decoded").asText();
            for (String f : List.of("attached_email_filename", "rfc822_attachment_filename", "attachment_filename")) {
                if (c.hasNonNull(f)) e.attachmentNames.add(c.get(f).asText());
            }
            if (c.has("attachment_entities")) notes.add("attachment_entities counts RT's MIME entities incl. containers: not comparable");
            out.add(fileCase("bestpractical-rt", dir, file, e, notes));
        }
    }

    private void discourse(Path dir, List<CorpusCase> out) throws IOException {
        for (JsonNode c : json(dir.resolve("expectations.json")).path("cases")) {
            String file = c.path("file").asText();
            Expect e = new Expect();
            List<String> notes = new ArrayList<>();
            kind(e, c, "discourse", file);
            if (c.hasNonNull("expected_body")) e.replyExact.add(c.get("expected_body").asText());
            if (c.hasNonNull("expected_body_text")) e.replyExact.add(c.get("expected_body_text").asText());
            if (c.hasNonNull("expected_body_text_decoded")) e.replyExact.add(c.get("expected_body_text_decoded").asText());
            if (c.hasNonNull("expected_body_markdown")) {
                e.replyExact.add(stripMarkdown(c.get("expected_body_markdown").asText()));
                e.replyNote = "Markdown markup removed from expected_body_markdown";
            }
            if (c.hasNonNull("expected_body_if_text_preferred")) {
                // either alternative is right, as long as only one is taken
                e.replyExact.add(c.get("expected_body_if_text_preferred").asText());
                e.replyExact.add(stripMarkdown(c.get("expected_body_markdown_if_html_preferred").asText()));
                e.replyNote = "either alternative";
            }
            for (JsonNode s : c.path("must_not_contain_in_body")) e.replyMustNotContain.add(s.asText());
            JsonNode dsn = c.path("dsn");
            if (!dsn.isMissingNode()) {
                e.bounce = new ArrayList<>();
                for (JsonNode d : dsn.isArray() ? dsn : List.of(dsn)) {
                    e.bounce.add(new Expect.Recipient(d.path("final_recipient").asText(null), d.path("status").asText(null), null));
                }
            }
            if (c.hasNonNull("sender_email")) e.fromAddress.add(c.get("sender_email").asText());
            if (c.hasNonNull("sender_name")) e.fromName = c.get("sender_name").asText();
            if (c.path("forwarded").asBoolean(false)) {
                if (c.hasNonNull("forwarder")) e.fromAddress.add(c.get("forwarder").asText());
                for (String f : List.of("forwarded_body_contains", "forwarder_comment_contains", "forwarded_body")) {
                    if (c.hasNonNull(f)) e.textContains.add(c.get(f).asText());
                }
                if (c.hasNonNull("forwarder_comment") && !c.get("forwarder_comment").asText().isEmpty()) {
                    e.textContains.add(c.get("forwarder_comment").asText());
                }
                notes.add("forwards: what the reply text of a forward should be is policy; only From and text content checked");
            }
            for (JsonNode a : c.path("attachments")) {
                String name = a.path("filename").asText();
                e.attachmentNames.add(name);
                if (a.hasNonNull("content_type")) e.attachmentTypes.add(a.get("content_type").asText());
                if (a.hasNonNull("bytes")) e.attachmentSizeByName.put(name, a.get("bytes").asLong());
            }
            if (c.has("participants")) notes.add("participants (To/Cc minus own addresses) not checked");
            if (c.has("verp_key")) notes.add("VERP key not checked");
            out.add(fileCase("discourse", dir, file, e, notes));
        }
    }

    private void trimmer(Path dir, List<CorpusCase> out) throws IOException {
        for (JsonNode c : json(dir.resolve("expectations.json")).path("cases")) {
            String file = c.path("file").asText();
            Expect e = new Expect();
            List<String> notes = new ArrayList<>(List.of("expected_elided / embedded-email facts not checked (reply_text covers them)"));
            if (c.path("category").asText().equals("forwarded")) {
                // Postdesk's policy (README): a forward keeps the forwarded message under the note; the trimmer cuts it
                e.replyMustContain.add(c.path("expected_trimmed").asText());
                c.path("expected_elided").asText().lines().map(l -> l.replaceFirst("^>\\s?", "").strip())
                        .filter(l -> l.length() > 30 && !l.contains(":")).findFirst().ifPresent(e.replyMustContain::add);
                notes.add("forwards: the note and the forwarded body must both be in the reply (policy), where the trimmer keeps only the note");
            } else {
                e.replyExact.add(c.path("expected_trimmed").asText());
            }
            if (e.replyMustContain.isEmpty()) {
                out.add(wrappedFileCase("discourse-email_reply_trimmer", dir, file, "text/plain", e, notes));
            } else {
                // a forward's subject says so ("Fwd:"); the wrapper's usual "Re:" would make it a reply
                Path path = dir.resolve(file);
                out.add(new CorpusCase("discourse-email_reply_trimmer", file,
                        () -> replace(wrap(Files.readAllBytes(path), "text/plain"), "Subject: Re:".getBytes(StandardCharsets.US_ASCII),
                                "Subject: Fwd:".getBytes(StandardCharsets.US_ASCII)), e, notes));
            }
        }
    }

    private void django(Path dir, List<CorpusCase> out) throws IOException {
        for (JsonNode c : json(dir.resolve("expectations.json")).path("cases")) {
            String file = c.path("file").asText();
            Expect e = new Expect();
            List<String> notes = new ArrayList<>();
            kind(e, c, "django-helpdesk", file);
            if (c.hasNonNull("subject")) e.subject = c.get("subject").asText();
            if (c.hasNonNull("subject_prefix")) e.subjectPrefix = c.get("subject_prefix").asText();
            if (c.hasNonNull("expected_body")) e.textEquals = c.get("expected_body").asText();
            if (c.hasNonNull("expected_body_stripped")) e.textEquals = c.get("expected_body_stripped").asText();
            for (JsonNode s : c.path("body_contains")) e.textContains.add(s.asText());
            for (JsonNode s : c.path("html_contains")) e.htmlContains.add(s.asText());
            if (c.has("attachment_filenames")) {
                // the stored name is django-helpdesk's own ("part-1_signature.asc"); the part is the PGP signature
                e.attachmentTypes.add("application/pgp-signature");
                notes.add("attachment_filenames are app-generated: checked as 'an application/pgp-signature attachment'");
            }
            if (c.has("forwarded_part_contains")) notes.add("forwarded_part_contains depends on the forward policy: not checked");
            out.add(fileCase("django-helpdesk", dir, file, e, notes));
        }
    }

    /** github/email_reply_parser and its ports: plain-text bodies with a fragment model. */
    private void fragmentModel(String source, Path dir, List<CorpusCase> out) throws IOException {
        for (JsonNode c : json(dir.resolve("expectations.json")).path("cases")) {
            String file = c.path("file").asText();
            Path path = dir.resolve(file);
            if (!Files.isRegularFile(path)) {
                harnessErrors.add(source(source, file) + ": file missing");
                continue;
            }
            String body = Files.readString(path, StandardCharsets.UTF_8);
            if (c.has("substitutions")) {
                String placeholder = c.path("template_placeholder").asText();
                int i = 0;
                for (JsonNode sub : c.path("substitutions")) {
                    i++;
                    Expect e = new Expect();
                    List<String> notes = new ArrayList<>();
                    String variant = body.replace(placeholder, sub.asText());
                    fragmentExpect(c, variant, e, notes, false);
                    out.add(new CorpusCase(source, file + " [" + placeholder + " #" + i + ": " + sub.asText() + "]",
                            () -> wrap(variant.getBytes(StandardCharsets.UTF_8), "text/plain"), e, notes));
                }
                continue;
            }
            Expect e = new Expect();
            List<String> notes = new ArrayList<>();
            fragmentExpect(c, body, e, notes, false);
            out.add(new CorpusCase(source, file, () -> wrap(Files.readAllBytes(path), "text/plain"), e, notes));
            if (c.has("variant")) {
                // "also run with every '--' replaced by '-- '"
                String variant = body.replace("--", "-- ");
                Expect ev = new Expect();
                List<String> nv = new ArrayList<>();
                fragmentExpect(c, variant, ev, nv, true);
                out.add(new CorpusCase(source, file + " [variant: '--' -> '-- ']",
                        () -> wrap(variant.getBytes(StandardCharsets.UTF_8), "text/plain"), ev, nv));
            }
        }
    }

    /**
     * The fragment model as reply expectations: an expected reply where the source gives one (or
     * where the visible fragments are all given verbatim, or there is only one fragment), else the
     * fragment regexes: visible fragments' must be found in the reply, hidden fragments' must not.
     * Without a {@code hidden} array fragment 0 is taken as visible and the later ones (quote
     * headers, quotes, signatures in every such case here) as hidden.
     */
    private static void fragmentExpect(JsonNode c, String body, Expect e, List<String> notes, boolean dashVariant) {
        if (c.has("requires_custom_quote_header_regex") || c.has("requires_custom_signature_regex")) {
            notes.add("needs a custom quote-header/signature regex (README: may be skipped): reply not checked");
            return;
        }
        for (String f : List.of("expected_reply", "expected_reply_stripped", "expected_first_fragment_trimmed")) {
            if (c.hasNonNull(f)) {
                e.replyExact.add(c.get(f).asText());
                return;
            }
        }
        int count = c.path("fragment_count").asInt(-1);
        JsonNode hidden = c.path("hidden");
        java.util.function.IntPredicate visible = i -> hidden.isArray() ? !hidden.path(i).asBoolean(false) : i == 0;
        if (count == 1) {
            e.replyExact.add(body);
            e.replyNote = "one fragment: the whole body is the reply";
            return;
        }
        JsonNode equals = c.path("fragment_equals");
        List<Integer> visibleIdx = new ArrayList<>();
        int n = hidden.isArray() ? hidden.size() : 1;
        for (int i = 0; i < n; i++) if (visible.test(i)) visibleIdx.add(i);
        if (!visibleIdx.isEmpty() && visibleIdx.stream().allMatch(i -> equals.has(String.valueOf(i)))) {
            List<String> parts = new ArrayList<>();
            for (int i : visibleIdx) parts.add(equals.get(String.valueOf(i)).asText());
            e.replyExact.add(String.join("\n", parts));
            e.replyNote = "visible fragments (fragment_equals) joined";
            return;
        }
        // a visible quoted fragment (inline answers) holds "> " lines too: a hidden fragment's quote-marker
        // regex would then also match visible text, so it cannot tell anything
        JsonNode quoted = c.path("quoted");
        boolean visibleQuote = false;
        for (int i = 0; i < quoted.size(); i++) if (visible.test(i) && quoted.path(i).asBoolean(false)) visibleQuote = true;
        Iterator<Map.Entry<String, JsonNode>> it = c.path("fragment_matches").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> m = it.next();
            int idx = Integer.parseInt(m.getKey().replaceAll("\\D.*", ""));
            String regex = m.getValue().asText();
            if (dashVariant) regex = regex.replace("--", "-- ");
            Pattern p = Pattern.compile(regex, Pattern.MULTILINE);
            if (visible.test(idx)) {
                e.visibleFragments.add(p);
            } else if (visibleQuote && regex.startsWith("^>")) {
                notes.add("hidden quote regex " + regex + " not checked: a visible fragment is quoted too");
            } else {
                e.hiddenFragments.add(p);
            }
        }
        Iterator<Map.Entry<String, JsonNode>> eq = equals.fields();
        while (eq.hasNext()) {
            Map.Entry<String, JsonNode> m = eq.next();
            String text = m.getValue().asText().strip();
            if (text.isEmpty()) continue;
            int idx = Integer.parseInt(m.getKey().replaceAll("\\D.*", ""));
            (visible.test(idx) ? e.visibleFragments : e.hiddenFragments).add(Pattern.compile(Pattern.quote(text)));
        }
        if (!e.hasFragments()) notes.add("no fragment facts to check beyond parsing");
        if (!hidden.isArray() && e.hasFragments()) notes.add("no 'hidden' array: fragment 0 taken as visible, later fragments as hidden");
    }

    /**
     * alfonsrv/mail-parser-reply's model: the body split into replies, newest first, with facts per
     * reply (see its expectations.json "comparison"). Reply 0's body facts are about the reply text;
     * what is stated about reply 0's signature or about older replies must be gone from it, where it
     * occurs only once in the input. Postdesk's policy (README, "What an agent sees") keeps a short
     * closing ("Regards,", "Med venlig hilsen" + a name line): such a signature fact is not checked.
     */
    private void repliesModel(Path dir, List<CorpusCase> out) throws IOException {
        String source = "alfonsrv-mail-parser-reply";
        for (JsonNode c : json(dir.resolve("expectations.json")).path("cases")) {
            String file = c.path("file").asText();
            String body = read(dir, source, file).replace("\r\n", "\n");
            Expect e = new Expect();
            List<String> notes = new ArrayList<>();
            e.replyLinesStripped = true;
            Iterator<Map.Entry<String, JsonNode>> replies = c.path("replies").fields();
            while (replies.hasNext()) {
                Map.Entry<String, JsonNode> r = replies.next();
                JsonNode facts = r.getValue();
                boolean latest = r.getKey().equals("0");
                if (latest) {
                    if (facts.hasNonNull("body_equals")) e.replyExact.add(facts.get("body_equals").asText());
                    facts.path("body_contains").forEach(s -> e.replyMustContain.add(s.asText()));
                    for (String f : List.of("body_not_contains", "signatures_contains", "signatures_startswith")) {
                        for (JsonNode s : facts.path(f).isArray() ? facts.path(f) : List.of(facts.path(f))) {
                            if (s.isMissingNode()) continue;
                            if (ReplyPolicy.shortClosing(s.asText())) notes.add("closing kept by policy: " + s.asText().replace("\n", " / "));
                            else gone(e, body, s.asText(), notes);
                        }
                    }
                } else {
                    for (String f : List.of("body_contains", "content_contains", "signatures_contains")) {
                        facts.path(f).forEach(s -> gone(e, body, s.asText(), notes));
                    }
                }
            }
            out.add(new CorpusCase(source, file, () -> wrap(body.getBytes(StandardCharsets.UTF_8), "text/plain"), e, notes));
        }
    }

    /** A string stated to be outside the latest reply must not be in the reply text, when it occurs once in the input. */
    private static void gone(Expect e, String body, String s, List<String> notes) {
        String flat = ReplyPolicy.stripLines(body);
        String want = ReplyPolicy.stripLines(s);
        int first = flat.indexOf(want);
        if (first >= 0 && flat.indexOf(want, first + 1) >= 0) {
            notes.add("'" + want + "' occurs more than once in the input: not checked");
            return;
        }
        e.replyMustNotContain.add(s);
    }

    /**
     * A source folder without a loader of its own (the corpus grew): every file named by a "file" key
     * in its JSON files is parsed, and the common facts (expected_kind, expected_reply) are checked.
     */
    private void generic(String source, Path dir, List<CorpusCase> out) throws IOException {
        List<Path> jsons;
        try (var files = Files.list(dir)) {
            jsons = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        for (Path j : jsons) {
            for (JsonNode c : json(j).path("cases")) {
                if (!c.hasNonNull("file")) continue;
                String file = c.get("file").asText();
                Expect e = new Expect();
                kind(e, c, source, file);
                if (c.hasNonNull("expected_reply")) e.replyExact.add(c.get("expected_reply").asText());
                List<String> notes = List.of("no loader for this source: parsed, expected_kind and expected_reply checked");
                out.add(file.endsWith(".txt") ? wrappedFileCase(source, dir, file, "text/plain", e, notes) : fileCase(source, dir, file, e, notes));
            }
        }
    }

    private void flanker(Path dir, List<CorpusCase> out) throws IOException {
        for (JsonNode c : json(dir.resolve("expectations.json")).path("cases")) {
            String file = c.path("file").asText();
            String category = c.path("category").asText();
            Expect e = new Expect();
            List<String> notes = new ArrayList<>();
            if (c.has("is_bounce")) {
                if (c.get("is_bounce").asBoolean()) e.kinds("bounce (is_bounce)", MailKind.BOUNCE);
                else notBounce(e, "not_bounce (is_bounce=false)");
            } else if (category.equals("bounce_dsn")) {
                e.kinds("bounce (category bounce_dsn)", MailKind.BOUNCE);
            } else if (category.equals("feedback_report")) {
                e.kinds("feedback_report (category)", MailKind.FEEDBACK_REPORT);
            } else if (file.equals("disposition-notification.eml")) {
                // an MDN: "auto-generated, not a human reply"; Postdesk's own word for an MDN is delivery_report
                e.kinds("auto_generated (MDN)", MailKind.AUTO_GENERATED, MailKind.DELIVERY_REPORT);
            }
            if (c.hasNonNull("dsn_status") && !c.get("dsn_status").asText().isEmpty()) {
                e.bounce = List.of(new Expect.Recipient(null, c.get("dsn_status").asText(), null));
            }
            if (c.hasNonNull("subject")) e.subject = c.get("subject").asText();
            if (c.hasNonNull("from_decoded")) fromDisplay(e, c.get("from_decoded").asText());
            if (file.equals("encoded-header.eml")) {
                // stated in the note: the encoded-word display name contains a comma
                e.fromName = "Foo, Bar";
                e.fromAddress.add("foo.bar@example.com");
            }
            if (c.hasNonNull("body")) {
                if (file.equals("bilingual-simple.eml")) {
                    // upstream builds a message from this string; in the fixture it is the (encoded-word) Subject
                    e.subject = c.get("body").asText();
                    notes.add("bilingual-simple 'body' is the fixture's Subject: checked as the decoded subject");
                } else {
                    e.textContains.add(c.get("body").asText());
                }
            }
            if (c.hasNonNull("walk_2_body")) e.textContains.add(c.get("walk_2_body").asText().strip());
            if (c.hasNonNull("part_1_content_disposition")) {
                Matcher m = Pattern.compile("filename=\"?([^\";]+)").matcher(c.get("part_1_content_disposition").asText());
                if (m.find()) {
                    e.attachmentNames.add(m.group(1));
                    if (c.has("part_1_inline")) e.inlineByName.put(m.group(1), c.get("part_1_inline").asBoolean());
                }
            }
            if (c.hasNonNull("image_sha256_of")) {
                Path img = dir.resolve(c.get("image_sha256_of").asText());
                if (Files.isRegularFile(img)) e.attachmentSizeByType.put("image/", Files.size(img));
                else harnessErrors.add(source("mailgun-flanker", file) + ": " + img + " missing");
            }
            if (c.has("has_attached_message") && !c.get("has_attached_message").asBoolean()) e.attachmentTypesAbsent.add("message/rfc822");
            if (c.hasNonNull("part_1_content_type") && c.get("part_1_content_type").asText().startsWith("message/rfc822")) {
                e.attachmentTypes.add("message/rfc822");
            }
            if (c.has("top_level_parts") || c.has("part_types") || c.has("content_type")) notes.add("MIME tree shape not observable through MailReader");
            if (c.has("must_roundtrip_bytes")) notes.add("re-serialisation is not Postdesk's business");
            out.add(fileCase("mailgun-flanker", dir, file, e, notes));
        }
    }

    private void talon(Path dir, List<CorpusCase> out) throws IOException {
        for (JsonNode c : json(dir.resolve("expectations_fixtures.json")).path("cases")) {
            String file = c.path("file").asText();
            Expect e = new Expect();
            List<String> notes = new ArrayList<>();
            String category = c.path("category").asText();
            if (category.equals("signature")) {
                String body = read(dir, "mailgun-talon", file).strip();
                String sig = c.path("expected_signature").asText("").strip();
                if (sig.isEmpty()) {
                    e.replyExact.add(body);
                } else if (Checks.nl(body).endsWith(sig)) {
                    e.replyExact.add(Checks.nl(body).substring(0, Checks.nl(body).length() - sig.length()));
                } else {
                    harnessErrors.add(source("mailgun-talon", file) + ": body does not end with expected_signature");
                }
                e.replyNote = "body minus expected_signature";
                out.add(wrappedFileCase("mailgun-talon", dir, file, "text/plain", e, notes));
            } else if (file.endsWith(".html")) {
                e.replyIgnoreQuoteMarkers = true;
                e.replyNote = "HTML input: whitespace and '>' quote markers ignored";
                if (c.hasNonNull("expected_text")) {
                    e.replyNoWhitespace = c.get("expected_text").asText();
                } else if (c.hasNonNull("expected_html_no_whitespace")) {
                    e.replyNoWhitespace = Jsoup.parse(c.get("expected_html_no_whitespace").asText()).text();
                    e.replyNote = "visible text of talon's expected HTML; whitespace and '>' quote markers ignored";
                }
                out.add(wrappedFileCase("mailgun-talon", dir, file, "text/html", e, notes));
            } else {
                if (c.hasNonNull("expected_reply")) e.replyExact.add(c.get("expected_reply").asText());
                if (c.path("expected_nonempty").asBoolean(false)) e.replyNonEmpty = true;
                for (JsonNode s : c.path("must_not_contain")) e.replyMustNotContain.add(s.asText());
                out.add(fileCase("mailgun-talon", dir, file, e, notes));
            }
        }
        for (String f : List.of("inline_cases_plain.json", "inline_cases_html.json")) {
            boolean html = f.contains("html");
            for (JsonNode c : json(dir.resolve(f)).path("cases")) {
                Expect e = new Expect();
                String input = c.path("input").asText();
                String expected = c.path("expected").asText();
                if (html) {
                    e.replyIgnoreQuoteMarkers = true;
                    e.replyNoWhitespace = Jsoup.parse(expected).text();
                    e.replyNote = "visible text of talon's expected HTML; whitespace and '>' quote markers ignored";
                } else {
                    e.replyExact.add(expected);
                }
                byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
                out.add(new CorpusCase("mailgun-talon", f + "#" + c.path("id").asText(),
                        () -> wrap(bytes, html ? "text/html" : "text/plain"), e, List.of()));
            }
        }
    }

    private void nodemailer(Path dir, List<CorpusCase> out) throws IOException {
        for (JsonNode c : json(dir.resolve("expectations.json")).path("cases")) {
            String file = c.path("file").asText();
            Expect e = new Expect();
            List<String> notes = new ArrayList<>();
            kind(e, c, "nodemailer-mailparser", file);
            if (c.hasNonNull("expected_text")) {
                e.textEquals = c.get("expected_text").asText();
                e.textNote = "mailparser concatenates all inline text parts";
            }
            if (c.hasNonNull("expected_html")) notes.add("expected_html is mailparser's HTML view (text parts converted to HTML): not checked");
            if (c.hasNonNull("attachment_count")) e.attachmentCount = c.get("attachment_count").asInt();
            if (c.hasNonNull("subject")) e.subject = c.get("subject").asText();
            for (JsonNode t : c.path("text_contains")) {
                Matcher m = Pattern.compile("^Status: (\\d\\.\\d+\\.\\d+)$").matcher(t.asText());
                if (m.matches()) {
                    // the DSN's Status field: Postdesk exposes it as the bounce status, not as text
                    e.bounce = List.of(new Expect.Recipient(null, m.group(1), null));
                } else {
                    e.textContains.add(t.asText());
                }
            }
            if (c.hasNonNull("text_first_line")) e.textStartsWith = c.get("text_first_line").asText();
            if (c.has("has_html")) e.hasHtml = c.get("has_html").asBoolean();
            if (c.has("attachment_sha256") || c.has("attachment_2_md5")) notes.add("attachment hashes not checked (no names to match them by)");
            if (c.has("html_contains")) notes.add("html_contains reflects mailparser's cid: inlining: not checked");
            out.add(fileCase("nodemailer-mailparser", dir, file, e, notes));
        }
    }

    private void ruby(Path dir, List<CorpusCase> out) throws IOException {
        for (JsonNode c : json(dir.resolve("expectations.json")).path("cases")) {
            String file = c.path("file").asText();
            JsonNode x = c.path("expected");
            Expect e = new Expect();
            List<String> notes = new ArrayList<>();
            if (x.path("from").isArray() && !x.path("from").isEmpty()) {
                e.fromAddress.add(x.path("from").get(0).asText());
                if (file.equals("rfc2822/example10.eml")) e.fromAddress.add("pete@silly.test"); // note: a stricter parser may yield this
            }
            if (x.hasNonNull("from_display")) fromDisplay(e, x.get("from_display").asText());
            if (x.path("from_display_names").isArray() && !x.path("from_display_names").isEmpty()) {
                e.fromName = x.get("from_display_names").get(0).asText();
            }
            if (x.hasNonNull("subject")) e.subject = x.get("subject").asText();
            if (x.hasNonNull("subject_raw_bytes_latin1")) {
                e.subject = x.get("subject_raw_bytes_latin1").asText();
                e.headersNote = "raw 8-bit subject, as Latin-1/Windows-1252";
            }
            if (x.hasNonNull("message_id")) e.messageId = x.get("message_id").asText();
            if (x.path("in_reply_to").isArray()) e.inReplyTo = strings(x.get("in_reply_to"));
            if (x.path("references").isArray()) e.references = strings(x.get("references"));
            if (x.hasNonNull("attachment_count")) e.attachmentCount = x.get("attachment_count").asInt();
            if (x.path("attachment_filenames").isArray()) {
                e.attachmentNames.addAll(strings(x.get("attachment_filenames")));
                e.attachmentNamesExact = e.attachmentCount != null && e.attachmentCount == e.attachmentNames.size();
            }
            if (x.path("attachment_decoded_sizes").isArray()) {
                e.attachmentSizes = new ArrayList<>();
                for (JsonNode s : x.get("attachment_decoded_sizes")) e.attachmentSizes.add(s.isNull() ? null : s.asLong());
            }
            if (x.has("attachment_0_inline")) e.inlineByIndex.put(0, x.get("attachment_0_inline").asBoolean());
            if (x.has("has_attachments")) e.hasAttachments = x.get("has_attachments").asBoolean();
            if (x.has("bounced")) {
                if (x.get("bounced").asBoolean()) {
                    e.kinds("bounce (bounced=true)", MailKind.BOUNCE);
                    if (x.hasNonNull("final_recipient")) {
                        String addr = x.get("final_recipient").asText().replaceFirst("(?i)^rfc822;\\s*", "").strip();
                        e.bounce = List.of(new Expect.Recipient(addr, x.path("error_status").asText(null), null));
                    }
                } else {
                    notBounce(e, "not_bounce (bounced=false, action " + x.path("action").asText("?") + ")");
                }
            }
            if (x.hasNonNull("body_decoded")) e.textEquals = x.get("body_decoded").asText();
            if (x.has("to") || x.has("cc_group_names") || x.has("date") || x.has("sender") || x.has("resent_from")) {
                notes.add("To/Cc/Date/Sender/Resent-* not checked");
            }
            if (x.has("reply_subject") || x.has("reply_in_reply_to")) notes.add("reply_* facts are about composing a reply: not checked");
            CorpusCase.Input input;
            if (x.has("template")) {
                // BINARY_CONTENT_GOES_HERE is replaced by raw bytes; the attachment must decode to exactly them
                byte[] binary = new byte[1024];
                for (int i = 0; i < binary.length; i++) binary[i] = (byte) i;
                Path path = dir.resolve(file);
                input = () -> replace(Files.readAllBytes(path), "BINARY_CONTENT_GOES_HERE".getBytes(StandardCharsets.US_ASCII), binary);
                e.attachmentCount = 1;
                e.attachmentSizes = List.of((long) binary.length);
                notes.add("binary template filled with 1024 bytes 0x00..0xFF");
            } else {
                input = fileInput("ruby-mail-gem", dir, file);
            }
            out.add(new CorpusCase("ruby-mail-gem", file, input, e, notes));
        }
    }

    private void sisimai(Path dir, List<CorpusCase> out) throws IOException {
        for (JsonNode c : json(dir.resolve("expectations.json")).path("cases")) {
            String file = c.path("file").asText();
            Expect e = new Expect();
            List<String> notes = new ArrayList<>();
            kind(e, c, "sisimai-set-of-emails", file);
            if (c.path("expected_kind").asText().equals("bounce")) {
                e.bounce = new ArrayList<>();
                for (JsonNode f : c.path("facts")) {
                    String status = f.path("delivery_status").asText("");
                    String replyCode = f.path("reply_code").asText("");
                    if (status.matches("\\d\\.0\\.9\\d\\d")) {
                        // sisimai's own pseudo code (X.0.9xx, inferred from its reason taxonomy): no mail states it
                        e.bounce.add(new Expect.Recipient(null, null, status.substring(0, 1)));
                        notes.add("sisimai pseudo status X.0.9xx: only the class (first digit) is checked");
                    } else if (status.isEmpty() && !replyCode.isEmpty()) {
                        e.bounce.add(new Expect.Recipient(null, null, replyCode.substring(0, 1)));
                    } else {
                        e.bounce.add(new Expect.Recipient(null, status, null));
                    }
                }
                notes.add("facts carry no recipient address: status codes and recipient count checked");
            }
            out.add(fileCase("sisimai-set-of-emails", dir, file, e, notes));
        }
    }

    private void zammad(Path dir, List<CorpusCase> out) throws IOException {
        for (JsonNode c : json(dir.resolve("expectations.json")).path("cases")) {
            String file = c.path("file").asText();
            JsonNode x = c.path("expected");
            Expect e = new Expect();
            List<String> notes = new ArrayList<>();
            kind(e, c, "zammad", file);
            if (x.hasNonNull("from_email")) e.fromAddress.add(x.get("from_email").asText());
            if (x.has("from_display_name")) e.fromName = x.get("from_display_name").asText();
            if (x.hasNonNull("subject")) e.subject = x.get("subject").asText();
            for (JsonNode s : x.path("body_contains")) e.textContains.add(s.asText());
            if (x.hasNonNull("body_text")) e.textEquals = x.get("body_text").asText();
            if (x.path("zammad_attachments").isArray()) {
                // Zammad keeps the HTML alternative as 'message.html'; that is not a user attachment
                int real = 0;
                for (JsonNode a : x.get("zammad_attachments")) if (!a.path("content-alternative").asBoolean(false)) real++;
                e.attachmentCount = real;
            }
            out.add(fileCase("zammad", dir, file, e, notes));
        }
        JsonNode ooo = json(dir.resolve("out_of_office/expectations.json"));
        for (JsonNode c : ooo.path("cases")) {
            String file = c.path("file").asText();
            Expect e = new Expect();
            kind(e, c, "zammad", file);
            out.add(fileCase("zammad", dir, file, e, List.of()));
        }
        int i = 0;
        for (JsonNode c : ooo.path("header_rule_cases").path("cases")) {
            i++;
            StringBuilder headers = new StringBuilder();
            boolean zammadOnly = false;
            Iterator<Map.Entry<String, JsonNode>> it = c.path("headers").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> h = it.next();
                if (h.getKey().startsWith("x-zammad-")) zammadOnly = true;
                headers.append(h.getKey()).append(": ").append(h.getValue().asText()).append('\n');
            }
            if (zammadOnly) continue; // x-zammad-* are Zammad's trusted-channel overrides, meaningless here
            Expect e = new Expect();
            if (c.path("is_auto_response").asBoolean()) {
                e.kindLabel = "is_auto_response=true (not human)";
                e.kinds = EnumSet.complementOf(EnumSet.of(MailKind.HUMAN));
            } else {
                e.kinds("is_auto_response=false (human)", MailKind.HUMAN);
            }
            byte[] extra = headers.toString().getBytes(StandardCharsets.UTF_8);
            out.add(new CorpusCase("zammad", "out_of_office/expectations.json#header_rule_cases[" + i + "] " + c.path("headers"),
                    () -> wrap("Hello,\n\nplease help.\n".getBytes(StandardCharsets.UTF_8), "text/plain", extra), e,
                    List.of("synthesised: minimal mail with these headers")));
        }
    }

    private void zbateson(Path dir, List<CorpusCase> out) throws IOException {
        JsonNode root = json(dir.resolve("expectations.json"));
        Map<String, Long> binaryRefs = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> refs = root.path("reference_files").fields();
        while (refs.hasNext()) {
            Map.Entry<String, JsonNode> r = refs.next();
            if (r.getKey().endsWith(".png")) binaryRefs.put(r.getKey(), r.getValue().path("bytes").asLong());
        }
        for (JsonNode c : root.path("cases")) {
            String file = c.path("file").asText();
            Expect e = new Expect();
            List<String> notes = new ArrayList<>();
            JsonNode exps = c.path("expectations");
            if (!exps.isArray()) notes.add("no upstream expectation: parse only");
            for (JsonNode x : exps) {
                JsonNode k = x.path("checks");
                if (k.has("From")) {
                    if (k.get("From").hasNonNull("name")) e.fromName = k.get("From").get("name").asText();
                    if (k.get("From").hasNonNull("email")) e.fromAddress.add(k.get("From").get("email").asText());
                }
                if (k.hasNonNull("Subject")) e.subject = k.get("Subject").asText();
                if (k.hasNonNull("Message-ID")) e.messageId = k.get("Message-ID").asText();
                if (k.hasNonNull("text")) {
                    e.textContains.add(readLatin1(dir, k.get("text").asText()));
                    e.textNote = "first text/plain part; Postdesk's text joins all inline plain parts, so 'contains'";
                }
                if (k.hasNonNull("html")) {
                    // Postdesk keeps only the chosen alternative: the HTML's text, or the plain text chosen instead of it
                    e.htmlTextEquals = readLatin1(dir, k.get("html").asText());
                    e.htmlOrText = true;
                }
                if (k.hasNonNull("attachments")) e.attachmentCount = k.get("attachments").asInt();
                if (k.has("parts") || k.has("signed")) notes.add("MIME tree / signature structure not observable through MailReader");
                if (k.has("To")) notes.add("To not checked");
                String extra = x.path("extra").asText("");
                if (file.equals("emails/m1016.txt") && extra.contains("farmerandstork.txt")) {
                    // that second text/plain part carries filename=farmerandstork.txt: an attachment to Postdesk
                    e.attachmentNames.add("farmerandstork.txt");
                } else if (file.equals("emails/m4005.txt") && extra.contains("blueball.png")) {
                    e.attachmentCount = 1;
                    e.attachmentSizeByType.put("text/rtf", binaryRefs.get("blueball.png"));
                } else if (!extra.isEmpty()) {
                    notes.add("extra not checked: " + extra);
                }
            }
            if (exps.isArray()) {
                // "any attachment whose filename exists under files/ must decode to that file" (binary ones: sizes)
                String raw = new String(Files.readAllBytes(dir.resolve(file)), StandardCharsets.ISO_8859_1);
                if (raw.toLowerCase(java.util.Locale.ROOT).contains("mac-binhex40")) notes.add("BinHex attachments: decoded content not checked");
                else binaryRefs.forEach((name, size) -> {
                    if (Pattern.compile("name=\"?" + Pattern.quote(name)).matcher(raw).find()) e.attachmentSizeByName.put(name, size);
                });
            }
            out.add(fileCase("zbateson-mail-mime-parser", dir, file, e, notes));
        }
    }

    // ================================================================== helpers

    /** The corpus's expected_kind vocabulary in Postdesk's {@link MailKind}s (see CorpusTest's javadoc). */
    private void kind(Expect e, JsonNode c, String source, String file) {
        if (!c.hasNonNull("expected_kind")) return;
        String label = c.get("expected_kind").asText();
        switch (label) {
            case "reply", "new", "reply_or_new" -> e.kinds(label, MailKind.HUMAN);
            case "auto_reply" -> e.kinds(label, MailKind.AUTO_REPLY);
            case "auto_generated" -> e.kinds(label, MailKind.AUTO_GENERATED);
            case "bounce" -> e.kinds(label, MailKind.BOUNCE);
            case "feedback_report" -> e.kinds(label, MailKind.FEEDBACK_REPORT);
            case "delivery_success_dsn" -> e.kinds(label, MailKind.DELIVERY_REPORT);
            case "mailing_list" -> e.kinds(label, MailKind.MAILING_LIST);
            case "not_bounce" -> notBounce(e, label);
            case "spam" -> {
                // no spam kind: spam is the mail server's business; it must just not pass for a report
                e.kindLabel = "spam (not bounce/delivery_report/feedback_report)";
                e.kinds = EnumSet.complementOf(EnumSet.of(MailKind.BOUNCE, MailKind.DELIVERY_REPORT, MailKind.FEEDBACK_REPORT));
            }
            case "reject" -> {
                e.reject = true;
                e.kindLabel = label;
            }
            default -> harnessErrors.add(source(source, file) + ": unknown expected_kind '" + label + "'");
        }
    }

    private static void notBounce(Expect e, String label) {
        e.kindLabel = label;
        e.kinds = EnumSet.complementOf(EnumSet.of(MailKind.BOUNCE));
    }

    private static final Pattern DISPLAY = Pattern.compile("^\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^<]*?))\\s*<([^>]+)>\\s*$");

    /** {@code "Name" <a@b>} into the expected From name and address. */
    private static void fromDisplay(Expect e, String display) {
        Matcher m = DISPLAY.matcher(display);
        if (m.matches()) {
            e.fromName = m.group(1) != null ? m.group(1).replaceAll("\\\\(.)", "$1") : m.group(2);
            e.fromAddress.add(m.group(3).strip());
        } else {
            e.fromAddress.add(display.strip());
        }
    }

    /** Discourse's HTML-to-Markdown markup removed: **bold**, *italic*. */
    static String stripMarkdown(String s) {
        return s.replaceAll("\\*\\*(.+?)\\*\\*", "$1").replaceAll("(?<![\\w*])\\*(\\S(?:.*?\\S)?)\\*(?![\\w*])", "$1");
    }

    private CorpusCase fileCase(String source, Path dir, String file, Expect e, List<String> notes) {
        return new CorpusCase(source, file, fileInput(source, dir, file), e, notes);
    }

    private CorpusCase.Input fileInput(String source, Path dir, String file) {
        Path path = dir.resolve(file);
        if (!Files.isRegularFile(path)) harnessErrors.add(source(source, file) + ": file missing");
        return () -> Files.readAllBytes(path);
    }

    private CorpusCase wrappedFileCase(String source, Path dir, String file, String contentType, Expect e, List<String> notes) {
        Path path = dir.resolve(file);
        if (!Files.isRegularFile(path)) harnessErrors.add(source(source, file) + ": file missing");
        return new CorpusCase(source, file, () -> wrap(Files.readAllBytes(path), contentType), e, notes);
    }

    static byte[] wrap(byte[] body, String contentType) {
        return wrap(body, contentType, new byte[0]);
    }

    /**
     * A minimal RFC 5322 mail around a bare body, so reply-only cases go through the same
     * {@code MailReader.read} as real mail: From/To/Subject, the body as UTF-8 text (8bit).
     */
    static byte[] wrap(byte[] body, String contentType, byte[] extraHeaders) {
        String headers = "From: Corpus Sender <sender@example.com>\n"
                + "To: Support <support@example.com>\n"
                + "Subject: Re: your request\n"
                + "Date: Mon, 01 Jan 2024 10:00:00 +0000\n"
                + "Message-ID: <case@corpus.example>\n"
                + "MIME-Version: 1.0\n"
                + "Content-Type: " + contentType + "; charset=utf-8\n"
                + "Content-Transfer-Encoding: 8bit\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(headers.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(extraHeaders);
        out.writeBytes("\n".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static byte[] replace(byte[] haystack, byte[] needle, byte[] with) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(haystack, 0, i);
            out.writeBytes(with);
            out.write(haystack, i + needle.length, haystack.length - i - needle.length);
            return out.toByteArray();
        }
        return haystack;
    }

    private String read(Path dir, String source, String file) throws IOException {
        Path path = dir.resolve(file);
        if (!Files.isRegularFile(path)) {
            harnessErrors.add(source(source, file) + ": file missing");
            return "";
        }
        return Files.readString(path, StandardCharsets.UTF_8);
    }

    private String readLatin1(Path dir, String name) throws IOException {
        Path path = dir.resolve("files").resolve(name);
        if (!Files.isRegularFile(path)) {
            harnessErrors.add(source("zbateson-mail-mime-parser", "files/" + name) + ": file missing");
            return "";
        }
        return new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) out.add(n.asText());
        return out;
    }

    private JsonNode json(Path file) throws IOException {
        return JSON.readTree(file.toFile());
    }

    private static String source(String source, String file) {
        return source + "/" + file;
    }
}
