package postdesk.reply;

import java.util.ArrayList;
import java.util.List;

/**
 * Pipeline step: separates the new text of a reply from the quoted history and the signature.
 *
 * <p>The mail is read line by line. The first of these, outside "> " quotes, decides the cut:
 * <ul>
 * <li>Postdesk's own reply marker (or another "reply above this line" marker): everything below
 * is history;</li>
 * <li>an attribution line ("On … wrote:" in many languages, wrapped over up to five lines, or the
 * date-first forms of Gmail, Yandex and mail.ru): with "> " quotes below it, a single quote block
 * is dropped and text written under it is kept (bottom posting); several quote blocks with text
 * between them are inline answers and stay, only the attribution goes; without quotes below it
 * the rest of the mail is unquoted history;</li>
 * <li>an Outlook-style header block (From:/Sent:/To:/Subject:, many languages), an
 * "Original Message" separator: everything from there is history; a forward separator likewise,
 * except that a mail which is only a forward is kept whole (it is new content);</li>
 * <li>a signature: the "-- " delimiter or another separator line, or a "Sent from my iPhone"
 * line of a mobile client: everything from there is cut.</li>
 * </ul>
 * Without any of these, a trailing block of "> " quotes is cut (one quoted line glued to the text
 * above it is kept: that is a citation, not history). Finally a "-Name" sign-off or a contact
 * block ending the text is cut. Nothing is lost: {@link Reply#quoted()} holds every line cut, in
 * order, and a mail that would come out empty keeps its text.
 */
public final class ReplyExtractor {
    /** Put at the top of every mail Postdesk sends; everything below it in a reply is history. */
    public static final String MARKER = "##- Please type your reply above this line -##";

    /** Attributions are wrapped over at most this many lines. */
    private static final int MAX_ATTRIBUTION_LINES = 5;

    /** The new text and what was cut from it (history and signature, kept to be shown folded). */
    public record Reply(String text, String quoted) {
    }

    public Reply extract(String fullText) {
        return extract(fullText, null);
    }

    /**
     * With the mail's subject: a forward ("Fwd:", "WG:", "TR:", "RV:" … first) keeps the
     * forwarded message below its note, separator or header block; a reply to one ("Re: Fwd:")
     * does not.
     */
    public Reply extract(String fullText, String subject) {
        SubjectPrefix prefix = SubjectPrefix.of(subject);
        String text = fullText == null ? "" : fullText.replace("\r\n", "\n").replace('\r', '\n');
        List<String> lines = new ArrayList<>();
        for (String l : text.split("\n", -1)) {
            String line = stripEnd(l);
            String[] shared = QuoteHeaders.splitSharedLine(line);
            if (shared != null) {
                lines.add(shared[0]);
                lines.add(shared[1]);
            } else {
                lines.add(line);
            }
        }
        Cut cut = new Cut(lines, prefix);
        cut.run();
        Reply r = cut.result();
        // a mail with nothing to cut comes back verbatim
        return r.quoted().isEmpty() ? new Reply(text.strip(), "") : r;
    }

    private static String stripEnd(String s) {
        int end = s.length();
        while (end > 0 && (Character.isWhitespace(s.charAt(end - 1)) || s.charAt(end - 1) == '\u00a0')) end--;
        return s.substring(0, end);
    }

    /** One extraction: which lines are kept. */
    private static final class Cut {
        final List<String> lines;
        final int n;
        final boolean[] keep;
        final boolean[] quote;
        /** Inside a ``` code fence: no separator or signature rule applies there. */
        final boolean[] code;
        /** Where the attribution last found by {@link #attributionEnd} starts (it may start below the line asked about). */
        int attributionStart;

        /** A forward keeps the message below its separator or header block; a reply cuts it as history. */
        final boolean forward;
        final boolean reply;

        Cut(List<String> lines, SubjectPrefix prefix) {
            this.lines = lines;
            this.forward = prefix == SubjectPrefix.FORWARD;
            this.reply = prefix == SubjectPrefix.REPLY;
            this.n = lines.size();
            this.keep = new boolean[n];
            this.quote = new boolean[n];
            this.code = new boolean[n];
            boolean fence = false;
            for (int i = 0; i < n; i++) {
                if (lines.get(i).strip().startsWith("```")) {
                    fence = !fence;
                    code[i] = true;
                } else {
                    code[i] = fence;
                }
            }
            for (int i = 0; i < n; i++) {
                keep[i] = true;
                quote[i] = isQuoteLine(lines.get(i));
            }
            // a long quoted line broken by the client: text sandwiched between quote lines is quote
            for (int i = 1; i + 1 < n; i++) {
                if (!quote[i] && !blank(i) && isQuoteLine(lines.get(i - 1)) && isQuoteLine(lines.get(i + 1))
                        && brokenQuoteLine(lines.get(i - 1), lines.get(i))) quote[i] = true;
            }
        }

        /**
         * The rest of a quoted line the client wrapped without "> ": it goes on in lower case or
         * with punctuation (a link), or finishes a long quoted line. An inline answer between two
         * quote lines starts like a sentence.
         */
        static boolean brokenQuoteLine(String above, String line) {
            String s = line.strip();
            int c = s.codePointAt(0);
            if (!Character.isLetterOrDigit(c) || Character.isLowerCase(c)) return true;
            return above.strip().length() >= 70 && s.length() < 40;
        }

        static boolean isQuoteLine(String l) {
            return l.stripLeading().startsWith(">");
        }

        boolean blank(int i) {
            return lines.get(i).isBlank();
        }

        void run() {
            process(0, n);
            signOff();
        }

        /** Decides the cut for lines [from, to). */
        void process(int from, int to) {
            for (int i = from; i < to; i++) {
                if (quote[i] || blank(i) || !keep[i] || code[i]) continue;
                String line = lines.get(i);
                boolean before = hasContent(from, i);
                if (QuoteHeaders.replyAboveMarker(line)) {
                    drop(i, to);
                    return;
                }
                int end = attributionEnd(i, to);
                if (end >= 0) {
                    attribution(from, attributionStart, end, to, hasContent(from, attributionStart));
                    return;
                }
                if (QuoteHeaders.forward(line)) {
                    // a forwarded message is content, with or without a note above it; below a reply's text it is history
                    if (before && reply) drop(separatorStart(from, i), to);
                    return;
                }
                if (QuoteHeaders.originalMessage(line) || QuoteHeaders.headerBlockAt(lines, i)) {
                    if (forward) return;
                    if (before) {
                        drop(separatorStart(from, i), to);
                        return;
                    }
                    // the mail's own headers pasted on top (a forward from Outlook): read on below them
                    while (i + 1 < to && !blank(i + 1)) i++;
                    continue;
                }
                if (before && Signatures.delimiter(line) && !rule(i, to)) {
                    if (forward && headerBlockBelow(i, to)) return;
                    drop(i, to);
                    return;
                }
                if (before && Signatures.mobile(line)) {
                    int start = i;
                    if (i - 1 >= from && !blank(i - 1) && !quote[i - 1] && Signatures.nameLine(lines.get(i - 1))
                            && (i - 2 < from || blank(i - 2)) && hasContent(from, i - 1)) {
                        start = i - 1; // "Stavros Xxxxxx / via mobile"
                    }
                    drop(start, to);
                    return;
                }
            }
            if (!hasUnquotedContent(from, to)) {
                historyOnly(from, to);
                return;
            }
            trailingQuote(from, to);
        }

        boolean hasUnquotedContent(int from, int to) {
            for (int i = from; i < to; i++) {
                if (keep[i] && !blank(i) && !quote[i]) return true;
            }
            return false;
        }

        /** Only "> " lines: history when they start with a quoted attribution, else what was sent. */
        void historyOnly(int from, int to) {
            for (int i = from; i < to; i++) {
                if (!keep[i] || blank(i)) continue;
                String unquoted = lines.get(i).replaceFirst("^[\\s>]+", "");
                if (QuoteHeaders.isAttribution(unquoted)) drop(from, to);
                return;
            }
        }

        /** The next non-blank line below i opens a header block ("____" above "From: …"). */
        boolean headerBlockBelow(int i, int to) {
            int k = i + 1;
            while (k < to && blank(k)) k++;
            return k < to && QuoteHeaders.headerBlockAt(lines, k);
        }

        /** A quote block that opens with a forward separator ("> Begin forwarded message:") is a forwarded message. */
        boolean quotedForward(int start, int to) {
            for (int i = start; i < to; i++) {
                String unquoted = lines.get(i).replaceFirst("^[\\s>]+", "");
                if (!unquoted.isBlank()) return QuoteHeaders.forward(unquoted);
            }
            return false;
        }

        /** Any kept non-blank line in [from, to)? */
        boolean hasContent(int from, int to) {
            for (int i = from; i < to; i++) {
                if (keep[i] && !blank(i)) return true;
            }
            return false;
        }

        /**
         * A long rule with text right above and below it underlines a heading or a table header
         * ("Description\n-----------\nRegistration …"); only "--" and "-- " always open a signature.
         */
        boolean rule(int i, int to) {
            String l = lines.get(i).strip();
            if (l.equals("--") || l.length() < 3) return false;
            return i - 1 >= 0 && i + 1 < to && !blank(i - 1) && !blank(i + 1) && !quote[i - 1] && !quote[i + 1]
                    && !QuoteHeaders.headerBlockAt(lines, i + 1);
        }

        /** Blank lines and separator rules ("____", "-----", "-------- Oprindelig besked --------") right above a header block belong to it. */
        int separatorStart(int from, int i) {
            int s = i;
            while (s - 1 >= from && (blank(s - 1) || Signatures.delimiter(lines.get(s - 1)) || QuoteHeaders.framedPhrase(lines.get(s - 1)))
                    && !quote[s - 1]) s--;
            while (s < i && blank(s)) s++;
            return s;
        }

        /**
         * If an attribution starts at line i, the index of its last line, else -1. It starts a
         * paragraph or a line that can only open one ("On …", a date); or, glued to the text above
         * it (a client that adds no blank line, a header starting with the name), it is followed
         * by a quote and no later line starts a shorter attribution ending at the same place.
         */
        int attributionEnd(int i, int to) {
            attributionStart = i;
            boolean strong = QuoteHeaders.strongStart(lines.get(i));
            if (strong) return attributionFrom(i, to, true);
            boolean paragraphStart = i == 0 || blank(i - 1);
            // inside a paragraph only a header right above a quote counts: most lines are ruled out without a regex
            if (!paragraphStart && !quoteWithin(i, to)) return -1;
            int end = attributionFrom(i, to, !paragraphStart);
            if (end < 0 || (!paragraphStart && !quoteFollows(end, to))) return -1;
            // "Thanks,\nAnna\nJohn <j@x> 于2017年…写道：": the attribution is the shortest tail that is one,
            // grown upwards only over lines that carry its date or address
            int start = i;
            for (int k = end; k > i; k--) {
                if (attributionFrom(k, end + 1, true) == end) {
                    start = k;
                    break;
                }
            }
            while (start > i && QuoteHeaders.carriesDateOrAddress(lines.get(start - 1)) && !endsSentence(lines.get(start - 1))) start--;
            attributionStart = start;
            return end;
        }

        /** A "> " line within the lines an attribution starting at i could span, and the blank lines after it. */
        boolean quoteWithin(int i, int to) {
            for (int k = i + 1; k < to && k <= i + MAX_ATTRIBUTION_LINES + 2; k++) {
                if (quote[k]) return true;
            }
            return false;
        }

        boolean quoteFollows(int end, int to) {
            int k = end + 1;
            while (k < to && blank(k)) k++;
            return k < to && quote[k];
        }

        int attributionFrom(int i, int to, boolean strong) {
            StringBuilder joined = new StringBuilder();
            int nonBlank = 0;
            String previous = null;
            for (int j = i; j < to && j < i + MAX_ATTRIBUTION_LINES; j++) {
                String l = lines.get(j);
                if (l.isBlank()) {
                    if (!strong) return -1;
                    continue;
                }
                if (j > i) {
                    if (quote[j] && !isQuoteLine(l)) return -1; // a broken quote line, not a wrapped header
                    if (isQuoteLine(l)) {
                        String rest = l.strip().substring(1).strip();
                        if (rest.length() > 40) return -1;
                        l = rest;
                    }
                    // another attribution's first line: ours did not end above it
                    if (QuoteHeaders.strongStart(l) && !strong && attributionFrom(j, to, true) >= 0) return -1;
                }
                // a finished sentence ("On it.", "Sent again, see below.") is the reply, even with a blank line before the header
                if (previous != null && endsSentence(previous)) return -1;
                previous = lines.get(j);
                joined.append(joined.length() == 0 ? "" : " ").append(l.strip());
                nonBlank++;
                if (QuoteHeaders.canEndAttribution(l) && QuoteHeaders.isAttribution(joined.toString())) {
                    if (!strong && nonBlank > 1 && hasStrongLineBelow(i, j)) return -1;
                    return colonContinues(joined.toString(), j, to) ? j + 1 : j;
                }
                if (isQuoteLine(lines.get(j)) && j > i) return -1;
            }
            return -1;
        }

        /** "… <a@b>" then "napsal:": the line wrapped off an attribution that ends with a colon belongs to it. */
        boolean colonContinues(String joined, int j, int to) {
            if (joined.strip().endsWith(":") || j + 1 >= to || blank(j + 1) || quote[j + 1]) return false;
            String next = lines.get(j + 1).strip();
            if (joined.strip().startsWith("--") && next.matches("-{2,}")) return true; // "---- On … wrote" / "----"
            return next.length() <= 40 && (next.endsWith(":") || next.endsWith("：")) && QuoteHeaders.isAttribution(joined + " " + next);
        }

        /** A line in (i, j] that opens an attribution of its own ending at j: the attribution starts there, not at i. */
        boolean hasStrongLineBelow(int i, int j) {
            for (int k = i + 1; k <= j; k++) {
                if (QuoteHeaders.strongStart(lines.get(k)) && attributionFrom(k, j + 1, true) == j) return true;
            }
            return false;
        }

        /**
         * A finished sentence; not a line that stops inside a parenthesis or on an abbreviated
         * date ("(időpont: 2022. jún.", "Fr., 28. Apr."): that is an attribution wrapped mid-date.
         */
        static boolean endsSentence(String l) {
            String s = l.strip();
            if (!(s.endsWith(".") || s.endsWith("!") || s.endsWith("?"))) return false;
            if (s.lastIndexOf('(') > s.lastIndexOf(')')) return false;
            return !DATE_ABBREVIATION_END.matcher(s).find();
        }

        private static final java.util.regex.Pattern DATE_ABBREVIATION_END =
                java.util.regex.Pattern.compile("\\d[.,]?\\s+\\p{L}{2,5}\\.$|(?<![\\p{L}\\d])\\d{1,4}\\.$");

        /** An attribution at lines [s, e]: decide what below it is history. */
        void attribution(int from, int s, int e, int to, boolean before) {
            int k = e + 1;
            while (k < to && blank(k)) k++;
            if (k >= to || !quote[k]) {
                // nothing quoted below: the rest is unquoted history (Outlook, Apple Mail) ...
                if (before) {
                    drop(s, to);
                    process(from, s); // a signature or "Sent from my iPhone" above the history
                } else {
                    // ... unless nothing was written above: then only the attribution goes
                    drop(s, e + 1);
                    process(e + 1, to);
                }
                return;
            }
            // where the quoted part ends: a signature, a separator or another header below it
            int end = to;
            for (int m = k; m < to; m++) {
                if (quote[m] || blank(m) || code[m]) continue;
                String l = lines.get(m);
                if (Signatures.delimiter(l) || Signatures.mobile(l) || QuoteHeaders.replyAboveMarker(l)
                        || QuoteHeaders.originalMessage(l) || QuoteHeaders.forward(l) || QuoteHeaders.headerBlockAt(lines, m)
                        || attributionEnd(m, to) >= 0) {
                    end = m;
                    break;
                }
            }
            // quote blocks below the attribution: [start, lastQuoteLine]
            List<int[]> blocks = new ArrayList<>();
            for (int m = k; m < end; m++) {
                if (!quote[m]) continue;
                int b = m;
                int last = m;
                while (m + 1 < end && (quote[m + 1] || blank(m + 1))) {
                    m++;
                    if (quote[m]) last = m;
                }
                blocks.add(new int[] {b, last});
                m = last;
            }
            int lastContent = end - 1;
            while (lastContent >= k && blank(lastContent)) lastContent--;
            boolean trailing = !blocks.isEmpty() && blocks.get(blocks.size() - 1)[1] == lastContent;
            List<int[]> inner = trailing ? blocks.subList(0, blocks.size() - 1) : blocks;
            if (inner.isEmpty()) {
                // the usual top post; with nothing written above, the mail holds no new text
                drop(s, to);
                if (before) process(from, s);
                return;
            }
            drop(end, to);
            if (trailing) drop(blocks.get(blocks.size() - 1)[0], end);
            if (inner.size() == 1) {
                // bottom posting: the quote answered below it is history
                int q = inner.get(0)[1] + 1;
                while (q < end && blank(q)) q++;
                drop(s, q);
            } else {
                // inline answers between quotes: only the attribution goes
                int q = e + 1;
                while (q < end && blank(q)) q++;
                drop(s, q);
            }
        }

        /** A trailing block of "> " lines below written text is history. */
        void trailingQuote(int from, int to) {
            int last = to - 1;
            while (last >= from && (blank(last) || !keep[last])) last--;
            if (last < from || !quote[last]) return;
            int start = last;
            int quoted = 0;
            for (int i = last; i >= from; i--) {
                if (!keep[i]) break;
                if (quote[i]) {
                    start = i;
                    if (!lines.get(i).strip().substring(1).isBlank()) quoted++;
                } else if (!blank(i)) {
                    break;
                }
            }
            if (!hasContent(from, start) || quotedForward(start, to)) return;
            boolean separated = start - 1 >= from && blank(start - 1);
            if (quoted >= 2 || separated) drop(start, to);
        }

        /** A "-Name" sign-off or a contact block closing the kept text. */
        void signOff() {
            int last = n - 1;
            while (last >= 0 && (!keep[last] || blank(last))) last--;
            if (last < 0) return;
            int first = last;
            while (first - 1 >= 0 && keep[first - 1] && !blank(first - 1)) first--;
            if (!hasContent(0, first)) return;
            List<String> paragraph = new ArrayList<>(lines.subList(first, last + 1));
            if ((paragraph.size() == 1 && Signatures.dashName(paragraph.get(0))) || Signatures.contactBlock(paragraph)) {
                drop(first, last + 1);
                return;
            }
            // "Regards,\n\nJohn Doe\nCEO @ Acme": a closing that opens a signature block goes with it
            int block = Signatures.closingLine(paragraph.get(0)) && paragraph.size() > 1 ? first + 1 : first;
            if (!Signatures.titleBlock(lines.subList(block, last + 1))) return;
            int closing = block > first ? first : previousLine(first);
            boolean closed = closing >= 0 && Signatures.closingLine(lines.get(closing)) && (closing == first || paragraphStart(closing));
            int start = closed ? closing : block;
            if (hasContent(0, start)) drop(start, last + 1);
        }

        int previousLine(int i) {
            int k = i - 1;
            while (k >= 0 && keep[k] && blank(k)) k--;
            return k >= 0 && keep[k] ? k : -1;
        }

        boolean paragraphStart(int i) {
            return i == 0 || blank(i - 1) || !keep[i - 1];
        }

        void drop(int from, int to) {
            for (int i = from; i < to; i++) keep[i] = false;
        }

        Reply result() {
            StringBuilder text = new StringBuilder();
            StringBuilder cut = new StringBuilder();
            boolean lastCut = false;
            for (int i = 0; i < n; i++) {
                if (keep[i]) {
                    text.append(lines.get(i)).append('\n');
                    lastCut = false;
                } else {
                    if (!lastCut && cut.length() > 0 && !lines.get(i).isBlank()) cut.append('\n');
                    cut.append(lines.get(i)).append('\n');
                    lastCut = true;
                }
            }
            return new Reply(text.toString().strip(), cut.toString().strip());
        }
    }
}
