package postdesk.e2e;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static postdesk.e2e.HostileMail.base64;
import static postdesk.e2e.HostileMail.bWord;
import static postdesk.e2e.HostileMail.encode;
import static postdesk.e2e.HostileMail.encodedWords;
import static postdesk.e2e.HostileMail.fold;
import static postdesk.e2e.HostileMail.multipart;
import static postdesk.e2e.HostileMail.repeatTo;
import static postdesk.e2e.HostileMail.sender;
import static postdesk.e2e.HostileMail.standard;
import static postdesk.e2e.HostileMail.utf8;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Hostile-but-legitimate mail: what real mail servers, clients and mailer daemons send, at the
 * edges of the standards or past them in the ways they are commonly broken. Every case is the
 * standard mail of {@link HostileMail#standard} with one thing changed, so a failure points at
 * that one thing. Only {@link Case#noMessage} cases may be quarantined.
 */
final class HostileCorpus {
    /** {@code noMessage}: why this mail carries no message at all (then quarantine is acceptable), else null. */
    record Case(String name, String kind, byte[] raw, String noMessage) {
    }

    private final List<Case> cases = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    static List<Case> all() {
        HostileCorpus c = new HostileCorpus();
        c.longDisplayNames();
        c.longSubjects();
        c.longIds();
        c.folding();
        c.senders();
        c.bounces();
        c.autoReplies();
        c.charsets();
        c.lineEnds();
        c.structure();
        c.manyRecipients();
        c.html();
        c.eightBitHeaders();
        c.encodedWordSplits();
        c.nested();
        c.huge();
        c.nulBytes();
        c.noMessage();
        return List.copyOf(c.cases);
    }

    private void add(String kind, String suffix, UnaryOperator<HostileMail> change) {
        add(kind, suffix, null, change);
    }

    private void add(String kind, String suffix, String noMessage, UnaryOperator<HostileMail> change) {
        String name = kind + "." + suffix;
        if (!names.add(name)) throw new IllegalStateException("two cases named " + name);
        cases.add(new Case(name, kind, change.apply(standard(name, kind)).bytes(), noMessage));
    }

    // ---- long display names in every address header

    private static final String WORDS = "Maximiliane Bartholomew-Constantinopoulos von und zu Hohenzollern-Sigmaringen ";
    private static final String SPECIALS = "Doe, Jane (Support) \\\"JD\\\" <not an address> ; Team: Ops @ HQ ";
    private static final String UNICODE = "Jörg Müller-Lüdenscheidt Ñandú Зоя Сергеевна 山田太郎 ";

    private void longDisplayNames() {
        for (String header : List.of("From", "To", "Cc", "Reply-To")) {
            for (int length : List.of(300, 1000, 3000)) {
                for (String style : List.of("folded", "oneline", "quoted", "encoded", "utf8")) {
                    String name = switch (style) {
                        case "folded" -> fold(repeatTo(WORDS, length));
                        case "oneline" -> repeatTo(WORDS, length);
                        case "quoted" -> "\"" + fold(repeatTo(SPECIALS, length)).replaceAll("\\\\$", "") + "\"";
                        case "encoded" -> encodedWords(repeatTo(UNICODE, length));
                        default -> "\"" + fold(repeatTo(UNICODE, length)) + "\"";
                    };
                    String kind = "long-name";
                    add(kind, header.toLowerCase() + "." + length + "." + style, m -> {
                        String address = switch (header) {
                            case "From" -> sender(kind + "." + header.toLowerCase() + "." + length + "." + style, kind);
                            case "To" -> "support@helpdesk.test";
                            default -> header.toLowerCase() + "-person@elsewhere.hostile.test";
                        };
                        return m.set(header, name + " <" + address + ">");
                    });
                }
            }
        }
        add("long-name", "all-headers.1000", m -> {
            String n = fold(repeatTo(WORDS, 1000));
            return m.set("From", n + " <" + sender("long-name.all-headers.1000", "long-name") + ">")
                    .set("To", n + " <support@helpdesk.test>").set("Cc", n + " <cc@elsewhere.hostile.test>")
                    .set("Reply-To", n + " <reply@elsewhere.hostile.test>");
        });
    }

    // ---- subjects

    private void longSubjects() {
        String unit = "Printer on fire again, please help ";
        for (int length : List.of(300, 1000, 10_000, 100_000)) {
            add("long-subject", length + ".oneline", m -> m.set("Subject", repeatTo(unit, length)));
        }
        for (int length : List.of(1000, 10_000)) {
            add("long-subject", length + ".folded", m -> m.set("Subject", fold(repeatTo(unit, length))));
        }
        add("long-subject", "1000.encoded", m -> m.set("Subject", encodedWords(repeatTo(UNICODE, 1000))));
        add("long-subject", "1000.utf8", m -> m.set("Subject", fold(repeatTo(UNICODE, 1000))));
        add("long-subject", "reply-chain", m -> m.set("Subject", fold("Re: AW: Fwd: WG: RE: Re[2]: TR: SV: ".repeat(60) + "help")));
    }

    // ---- Message-IDs and References

    private void longIds() {
        for (int length : List.of(300, 1000, 5000)) {
            add("long-id", "message-id." + length, m -> m.set("Message-ID", "<" + repeatTo("long-id.message-id." + length + ".", length) + "@hostile.test>"));
            add("long-id", "in-reply-to." + length, m -> m.set("In-Reply-To", "<" + repeatTo("parent.", length) + "@hostile.test>"));
        }
        for (int count : List.of(100, 500, 1000)) {
            add("long-id", "references." + count + ".folded", m -> m.set("References", ids(count, 40, "\n ")));
        }
        add("long-id", "references.300.oneline", m -> m.set("References", ids(300, 40, " ")));
        add("long-id", "references.200x500chars", m -> m.set("References", ids(200, 500, "\n ")));
        add("long-id", "references.same-id-300", m -> m.set("References", "<same@hostile.test>\n ".repeat(299) + "<same@hostile.test>"));
        add("long-id", "references.garbage", m -> m.set("References",
                "no-brackets@hostile.test, <a@hostile.test>,<b@hostile.test>\n (a comment) <c@hostile.test> <broken@ <d@hostile.test>"));
        add("long-id", "in-reply-to.50-ids", m -> m.set("In-Reply-To", ids(50, 30, " ")));
        add("long-id", "in-reply-to.text", m -> m.set("In-Reply-To", "Your message of Mon, 2 Mar 2026 08:00:00 +0000 <old@hostile.test>"));
        add("long-id", "message-id.folded", m -> m.setRaw("Message-ID", "\n <long-id.message-id.folded@hostile.test>"));
        add("long-id", "message-id.no-brackets", m -> m.set("Message-ID", "long-id.message-id.no-brackets@hostile.test"));
        add("long-id", "message-id.comment", m -> m.set("Message-ID", "<long-id.message-id.comment@hostile.test> (generated by Outlook)"));
        add("long-id", "message-id.empty", m -> m.setRaw("Message-ID", ""));
        add("long-id", "message-id.missing", m -> m.remove("Message-ID"));
        add("long-id", "message-id.utf8", m -> m.set("Message-ID", "<long-id.müller.ид@bücher.hostile.test>"));
        add("long-id", "message-id.twice", m -> m.header("Message-ID", "<long-id.message-id.twice.second@hostile.test>"));
    }

    private static String ids(int count, int length, String separator) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) out.add("<" + repeatTo("ref" + i + ".", length) + "@hostile.test>");
        return String.join(separator, out);
    }

    // ---- folded and broken-folded headers

    private void folding() {
        // each broken line once as the last header and once before From: a parser that ends the header block
        // at a line without a colon loses everything after it
        String[][] broken = {
                {"continuation-without-space", "Subject", "Printer on fire\nand nobody answers the phone"},
                {"references-broken-line", "References", "<a1@hostile.test> <a2@hostile.test>\n<a3@hostile.test> <a4@hostile.test>"},
                {"references-broken-three-lines", "References", "<b1@hostile.test>\n<b2@hostile.test>\n<b3@hostile.test>"},
                {"references-broken-inside-id", "References", "<c1@hostile.test> <c2@hos\ntile.test> <c3@hostile.test>"},
                {"references-broken-with-colon", "References", "<d1@hostile.test>\n<urn:uuid:d2@hostile.test> <d3@hostile.test>"},
                {"in-reply-to-broken-line", "In-Reply-To", "\n<folding.parent@hostile.test>"},
                {"header-without-colon", null, "This line is not a header at all"}};
        for (String[] b : broken) {
            String line = b[1] == null ? b[2] : b[1] + ": " + b[2];
            add("folding", b[0] + ".last", m -> (b[1] == null ? m : m.remove(b[1])).raw(line));
            add("folding", b[0] + ".before-from", m -> (b[1] == null ? m : m.remove(b[1])).early(line));
        }
        add("folding", "references-broken-first-header", m -> {
            HostileMail out = new HostileMail().raw("References: <e1@hostile.test> <e2@hostile.test>\n<e3@hostile.test>");
            return copyInto(out, m);
        });
        add("folding", "references-and-in-reply-to-broken", m -> m.early("In-Reply-To:\n<f2@hostile.test>")
                .early("References: <f1@hostile.test>\n<f2@hostile.test>"));
        add("folding", "trailing-spaces", m -> {
            HostileMail out = standard("folding.trailing-spaces", "folding").remove("Subject").remove("From").remove("To")
                    .raw("From: Trailing Spaces <" + sender("folding.trailing-spaces", "folding") + ">   ")
                    .raw("To: support@helpdesk.test \t")
                    .raw("Subject: Header lines ending in spaces    ");
            return out;
        });
        add("folding", "tab-folds", m -> m.setRaw("Subject", "Folded\n\twith\n\ttabs\n\tonly"));
        add("folding", "whitespace-only-continuation", m -> m.setRaw("Subject", "A fold\n \n followed by more"));
        add("folding", "from-folded", m -> m.setRaw("From", "Folded\n Sender\n <" + sender("folding.from-folded", "folding") + ">"));
        add("folding", "space-before-colon", m -> m.remove("Subject").raw("Subject : obsolete syntax with a space before the colon"));
        add("folding", "empty-subject-value-folded", m -> m.setRaw("Subject", "\n Starts on the next line"));
        add("folding", "one-header-5000-chars", m -> m.header("X-Long-Header", "x".repeat(5000)));
        add("folding", "two-subjects", m -> m.header("Subject", "A second subject"));
        add("folding", "two-content-types", m -> m.header("Content-Type", "text/html; charset=iso-8859-1"));
        add("folding", "lowercase-names", m -> m.remove("Subject").remove("Content-Type").raw("subject: lower case header names")
                .raw("content-type: TEXT/PLAIN; CHARSET=UTF-8"));
        // an mbox envelope line left in front by a local delivery agent
        add("folding", "mbox-from-line-first", m -> copyInto(new HostileMail().raw("From folding.mbox@folding.hostile.test Mon Mar  2 09:00:00 2026"), m));
    }

    /** Appends {@code from}'s headers and body to {@code to} (for cases that must start with an odd line). */
    private static HostileMail copyInto(HostileMail to, HostileMail from) {
        String s = new String(from.lineEnds(x -> x).bytes(), ISO_8859_1);
        int split = s.indexOf("\n\n");
        for (String h : s.substring(0, split).split("\n(?![ \t])")) to.raw(h);
        return to.rawBody(s.substring(split + 2));
    }

    // ---- empty and odd senders

    /**
     * A person's mail with no address in From, Sender or Reply-To has nobody to answer: issue 12
     * quarantines exactly that (kept raw, replayable), unlike machine mail, which has its own route.
     */
    private static final String NO_SENDER = "a person's mail with no sender address anywhere: nobody to answer";

    private void senders() {
        add("sender", "empty-angle", NO_SENDER, m -> m.set("From", "<>"));
        add("sender", "mailer-daemon-empty", m -> m.set("From", "MAILER-DAEMON <>"));
        add("sender", "missing", NO_SENDER, m -> m.remove("From"));
        add("sender", "empty-value", NO_SENDER, m -> m.setRaw("From", ""));
        add("sender", "name-only", m -> m.set("From", "Alice Example"));
        add("sender", "quoted-name-only", m -> m.set("From", "\"Alice Example\""));
        add("sender", "undisclosed-group", NO_SENDER, m -> m.set("From", "undisclosed-recipients:;"));
        add("sender", "group-with-members", m -> m.set("From", "Team: " + sender("sender.group-with-members", "sender") + ", other@sender.hostile.test;"));
        add("sender", "to-undisclosed", m -> m.set("To", "undisclosed-recipients:;"));
        add("sender", "to-missing", m -> m.remove("To"));
        add("sender", "comment-after", m -> m.set("From", sender("sender.comment-after", "sender") + " (Alice Example)"));
        add("sender", "comment-inside", m -> m.set("From", "Alice (the (nested) boss) <" + sender("sender.comment-inside", "sender") + "> (via web)"));
        add("sender", "bare-address", m -> m.set("From", sender("sender.bare-address", "sender")));
        add("sender", "angle-only", m -> m.set("From", "<" + sender("sender.angle-only", "sender") + ">"));
        add("sender", "empty-quoted-name", m -> m.set("From", "\"\" <" + sender("sender.empty-quoted-name", "sender") + ">"));
        add("sender", "idn-utf8", m -> m.set("From", "Jörg Müller <jörg@bücher.hostile.test>"));
        add("sender", "idn-punycode", m -> m.set("From", "Jörg <joerg@xn--bcher-kva.hostile.test>"));
        add("sender", "utf8-local-cjk", m -> m.set("From", "用户 <用户@例子.hostile.test>"));
        add("sender", "utf8-local-cyrillic", m -> m.set("From", "Зоя <зоя@почта.hostile.test>"));
        add("sender", "quoted-local-space", m -> m.set("From", "John <\"john doe\"@sender.hostile.test>"));
        add("sender", "quoted-local-dots", m -> m.set("From", "<\"john..doe.\"@sender.hostile.test>"));
        add("sender", "quoted-local-at", m -> m.set("From", "\"a@b\"@sender.hostile.test"));
        add("sender", "quoted-local-specials", m -> m.set("From", "<\"very.(),:;<>[]\\\".VERY.\\\"very@\\\\ \\\"very\\\".unusual\"@sender.hostile.test>"));
        add("sender", "address-literal", m -> m.set("From", "Literal <user@[127.0.0.1]>"));
        add("sender", "uppercase", m -> m.set("From", "SHOUT <SENDER.UPPERCASE@SENDER.HOSTILE.TEST>"));
        add("sender", "two-addresses-with-sender", m -> m.set("From", "a@sender.hostile.test, b@sender.hostile.test")
                .header("Sender", "sender.two-addresses@sender.hostile.test"));
        add("sender", "sender-header-only", m -> m.remove("From").header("Sender", "Only Sender <sender.sender-only@sender.hostile.test>"));
        add("sender", "encoded-unknown-charset", m -> m.set("From", "=?x-unknown?Q?Mystery?= <" + sender("sender.encoded-unknown-charset", "sender") + ">"));
        add("sender", "trailing-dot-domain", m -> m.set("From", "<" + sender("sender.trailing-dot-domain", "sender") + ".>"));
        add("sender", "obsolete-route", m -> m.set("From", "Route <@relay.hostile.test:" + sender("sender.obsolete-route", "sender") + ">"));
    }

    // ---- bounces

    private static final String RETURNED = "From: Helpdesk <support@helpdesk.test>\nTo: gone@bounce.hostile.test\n"
            + "Subject: Re: Printer on fire [TKT-00042-ABCD]\nMessage-ID: <returned.1@helpdesk.test>\nDate: Mon, 2 Mar 2026 08:00:00 +0000\n";

    private void bounces() {
        String report = "Reporting-MTA: dns; mx.bounce.hostile.test\nArrival-Date: Mon, 2 Mar 2026 08:59:00 +0000\n\n"
                + "Final-Recipient: rfc822; gone@bounce.hostile.test\nOriginal-Recipient: rfc822;gone@bounce.hostile.test\n"
                + "Action: failed\nStatus: 5.1.1\nRemote-MTA: dns; mx2.bounce.hostile.test\n"
                + "Diagnostic-Code: smtp; 550 5.1.1 <gone@bounce.hostile.test>: Recipient address rejected: User unknown\n";
        String human = "Content-Type: text/plain; charset=us-ascii\n\nThis is the mail system at host mx.bounce.hostile.test.\n\n"
                + "I'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients.\n";
        String dsn = "Content-Type: message/delivery-status\n\n" + report;
        String reportType = "multipart/report; report-type=delivery-status; boundary=\"dsn\"";
        add("bounce", "rfc3464.mailer-daemon-empty", m -> m.set("From", "MAILER-DAEMON <>").set("Subject", "Undelivered Mail Returned to Sender")
                .header("Return-Path", "<>").type(reportType)
                .rawBody(multipart("dsn", human, dsn, "Content-Type: message/rfc822\n\n" + RETURNED + "\nThe original text.\n")));
        add("bounce", "rfc3464.empty-angle", m -> m.set("From", "<>").set("Subject", "Delivery Status Notification (Failure)").type(reportType)
                .rawBody(multipart("dsn", human, dsn, "Content-Type: text/rfc822-headers\n\n" + RETURNED)));
        add("bounce", "rfc3464.mail-delivery-system", m -> m.set("From", "Mail Delivery System <MAILER-DAEMON@mx.bounce.hostile.test>")
                .set("Subject", "Undelivered Mail Returned to Sender").type(reportType)
                .rawBody(multipart("dsn", human, dsn, "Content-Type: text/rfc822-headers\n\n" + RETURNED)));
        add("bounce", "rfc3464.no-original", m -> m.set("From", "MAILER-DAEMON <>").set("Subject", "Undelivered Mail").type(reportType)
                .rawBody(multipart("dsn", human, dsn)));
        add("bounce", "rfc3464.status-only", m -> m.set("From", "MAILER-DAEMON <>").set("Subject", "failure notice").type(reportType)
                .rawBody(multipart("dsn", dsn)));
        add("bounce", "rfc3464.from-missing", m -> m.remove("From").set("Subject", "Undelivered Mail").type(reportType)
                .rawBody(multipart("dsn", human, dsn)));
        add("bounce", "rfc3464.delayed", m -> m.set("From", "MAILER-DAEMON <>").set("Subject", "Delayed Mail (still being retried)").type(reportType)
                .rawBody(multipart("dsn", human, dsn.replace("Action: failed\nStatus: 5.1.1", "Action: delayed\nStatus: 4.4.1")
                        .replace("smtp; 550 5.1.1", "smtp; 451 4.4.1"))));
        add("bounce", "rfc3464.three-recipients", m -> m.set("From", "MAILER-DAEMON <>").set("Subject", "Undelivered Mail").type(reportType)
                .rawBody(multipart("dsn", human, dsn + "\n" + report.substring(report.indexOf("Final-Recipient")).replace("gone@", "gone2@")
                        + "\n" + report.substring(report.indexOf("Final-Recipient")).replace("gone@", "gone3@"))));
        add("bounce", "rfc3464.no-boundary-end", m -> m.set("From", "MAILER-DAEMON <>").set("Subject", "Undelivered Mail").type(reportType)
                .rawBody(multipart("dsn", human, dsn).replace("--dsn--\n", "")));
        add("bounce", "postfix-plain", m -> m.set("From", "MAILER-DAEMON@mx.bounce.hostile.test (Mail Delivery System)")
                .set("Subject", "Undelivered Mail Returned to Sender").header("Return-Path", "<>")
                .rawBody("This is the mail system at host mx.bounce.hostile.test.\n\nI'm sorry to have to inform you that your message could not\n"
                        + "be delivered to one or more recipients. It's attached below.\n\n                   The mail system\n\n"
                        + "<gone@bounce.hostile.test>: host mx2.bounce.hostile.test[127.0.0.1] said: 550 5.1.1\n    User unknown (in reply to RCPT TO command)\n\n"
                        + RETURNED + "\nThe original text.\n"));
        add("bounce", "exim-plain", m -> m.set("From", "Mail Delivery System <Mailer-Daemon@mx.bounce.hostile.test>")
                .set("Subject", "Mail delivery failed: returning message to sender").header("X-Failed-Recipients", "gone@bounce.hostile.test")
                .header("Auto-Submitted", "auto-replied")
                .rawBody("This message was created automatically by mail delivery software.\n\nA message that you sent could not be delivered "
                        + "to one or more of its\nrecipients. This is a permanent error. The following address(es) failed:\n\n"
                        + "  gone@bounce.hostile.test\n    retry timeout exceeded\n\n------ This is a copy of the message, including all the headers. ------\n\n"
                        + RETURNED + "\nThe original text.\n"));
        add("bounce", "exchange-ndr", m -> m.set("From", "postmaster@bounce.hostile.test")
                .set("Subject", "Undeliverable: Re: Printer on fire [TKT-00042-ABCD]").header("X-MS-Exchange-Message-Is-Ndr", "")
                .rawBody("Delivery has failed to these recipients or groups:\n\ngone@bounce.hostile.test\nThe e-mail address you entered couldn't be found.\n\n"
                        + "Diagnostic information for administrators:\n\nGenerating server: EXCH01.bounce.hostile.test\n\n"
                        + "gone@bounce.hostile.test\n#550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup ##\n"));
        add("bounce", "qmail", m -> m.set("From", "MAILER-DAEMON@mx.bounce.hostile.test").set("Subject", "failure notice")
                .rawBody("Hi. This is the qmail-send program at mx.bounce.hostile.test.\nI'm afraid I wasn't able to deliver your message to the following addresses.\n"
                        + "This is a permanent error; I've given up. Sorry it didn't work out.\n\n<gone@bounce.hostile.test>:\n"
                        + "Sorry, no mailbox here by that name. (#5.1.1)\n\n--- Below this line is a copy of the message.\n\n" + RETURNED + "\nThe original text.\n"));
        add("bounce", "sendmail", m -> m.set("From", "Mail Delivery Subsystem <MAILER-DAEMON@mx.bounce.hostile.test>")
                .set("Subject", "Returned mail: see transcript for details")
                .rawBody("The original message was received at Mon, 2 Mar 2026 08:59:00 +0000\n\n   ----- The following addresses had permanent fatal errors -----\n"
                        + "<gone@bounce.hostile.test>\n    (reason: 550 5.1.1 User unknown)\n\n   ----- Transcript of session follows -----\n... while talking to mx2:\n"
                        + ">>> RCPT To:<gone@bounce.hostile.test>\n<<< 550 5.1.1 User unknown\n"));
        add("bounce", "domino", m -> m.set("From", "Postmaster@bounce.hostile.test").set("Subject", "DELIVERY FAILURE: User gone not listed in Domino Directory")
                .rawBody("Your message\n\n  Subject: Re: Printer on fire [TKT-00042-ABCD]\n\nwas not delivered to:\n\n  gone@bounce.hostile.test\n\n"
                        + "because:\n\n  User gone (gone@bounce.hostile.test) not listed in Domino Directory\n"));
        add("bounce", "x-failed-recipients-only", m -> m.header("X-Failed-Recipients", "gone@bounce.hostile.test")
                .set("Subject", "Message not delivered"));
        add("bounce", "return-path-empty-only", m -> m.header("Return-Path", "<>").set("Subject", "Notice"));
        add("bounce", "gmail-style", m -> m.set("From", "Mail Delivery Subsystem <mailer-daemon@googlemail.com>")
                .set("Subject", "Delivery Status Notification (Failure)").header("Auto-Submitted", "auto-replied").type(reportType)
                .rawBody(multipart("dsn", "Content-Type: text/plain; charset=UTF-8\n\n** Address not found **\n\nYour message wasn't delivered to gone@bounce.hostile.test.\n",
                        dsn, "Content-Type: message/rfc822\n\n" + RETURNED + "\nThe original text.\n")));
        add("bounce", "dsn-with-8bit-original", m -> m.set("From", "MAILER-DAEMON <>").set("Subject", "Undelivered Mail").type(reportType)
                .rawBody(multipart("dsn", human, dsn, "Content-Type: message/rfc822\n\n" + RETURNED.replace("Printer on fire", utf8("Drucker brennt, Grüße"))
                        + "\n" + encode("Grüße aus Köln\n", ISO_8859_1))));
    }

    // ---- auto-replies

    private void autoReplies() {
        add("autoreply", "auto-submitted-replied", m -> m.header("Auto-Submitted", "auto-replied").set("Subject", "Re: your mail"));
        add("autoreply", "auto-submitted-generated", m -> m.header("Auto-Submitted", "auto-generated").set("Subject", "Notification"));
        add("autoreply", "auto-submitted-notified", m -> m.header("Auto-Submitted", "auto-notified; owner-email=\"a@b.test\""));
        add("autoreply", "x-autoreply", m -> m.header("X-Autoreply", "yes").set("Subject", "I am away"));
        add("autoreply", "x-autorespond", m -> m.header("X-Autorespond", "Vacation").set("Subject", "Away"));
        add("autoreply", "precedence-auto-reply", m -> m.header("Precedence", "auto_reply"));
        add("autoreply", "precedence-bulk", m -> m.header("Precedence", "bulk"));
        add("autoreply", "precedence-junk", m -> m.header("Precedence", "junk"));
        add("autoreply", "x-auto-response-suppress", m -> m.header("X-Auto-Response-Suppress", "All").set("Subject", "Automatic reply: Printer"));
        add("autoreply", "mailing-list", m -> m.header("List-Id", "Users <users.lists.hostile.test>")
                .header("List-Unsubscribe", "<mailto:leave@lists.hostile.test>").header("Precedence", "list"));
        String[] subjects = {
                "Out of Office: Printer on fire", "Automatic reply: Printer on fire", "Auto: Printer on fire",
                "Abwesenheitsnotiz: Drucker", "Automatische Antwort: Drucker", "Réponse automatique : imprimante",
                "Absence du bureau", "Respuesta automática: impresora", "Fuera de la oficina", "Afwezig: printer",
                "Risposta automatica: stampante", "Resposta automática: impressora", "Odpowiedź automatyczna: drukarka",
                "Frånvaro: skrivare", "自動応答: プリンター", "Автоответ: принтер", "自动回复: 打印机", "Poza biurem",
                "Ολοκληρωμένη αυτόματη απάντηση", "Otomatik yanıt: yazıcı"};
        for (int i = 0; i < subjects.length; i++) {
            String s = subjects[i];
            // every other one as RFC 2047 words, as most clients send them
            add("autoreply", "ooo-subject." + i, m -> m.set("Subject", s.chars().allMatch(c -> c < 128) || s.length() % 2 == 0 ? s : encodedWords(s))
                    .body("Ich bin bis 9. März nicht im Büro. I am out of the office until 9 March.\n"));
        }
    }

    // ---- charsets

    private void charsets() {
        String text = "Grüße aus Köln, naïve café, € 100\n";
        add("charset", "utf8-labelled-latin1", m -> m.type("text/plain; charset=iso-8859-1").rawBody(utf8(text)));
        add("charset", "latin1-labelled-utf8", m -> m.type("text/plain; charset=utf-8").rawBody(encode(text.replace("€", "EUR"), ISO_8859_1)));
        add("charset", "cp1252-labelled-ascii", m -> m.type("text/plain; charset=us-ascii").rawBody(encode("“Smart quotes” – and € \n", Charset.forName("windows-1252"))));
        add("charset", "unknown-name", m -> m.type("text/plain; charset=x-no-such-charset").rawBody(utf8(text)));
        add("charset", "empty-name", m -> m.type("text/plain; charset=\"\"").rawBody(utf8(text)));
        add("charset", "alias-utf8-no-dash", m -> m.type("text/plain; charset=utf8").rawBody(utf8(text)));
        add("charset", "alias-latin-1", m -> m.type("text/plain; charset=latin-1").rawBody(encode(text.replace("€", "EUR"), ISO_8859_1)));
        add("charset", "ks_c_5601-1987", m -> m.type("text/plain; charset=ks_c_5601-1987").rawBody(encode("안녕하세요 프린터\n", Charset.forName("EUC-KR"))));
        add("charset", "utf7-plus-signs", m -> m.type("text/plain; charset=utf-7").rawBody("1+1=2 and C++ and a+b=c\n"));
        add("charset", "utf7-encoded", m -> m.type("text/plain; charset=UTF-7").rawBody("Hi Mom -+Jjo--! 1+-1=2 and C+-+-\n"));
        // UTF-7 as old Netscape and Outlook wrote it, including sequences that decode to nothing sensible
        add("charset", "utf7-broken-sequences", m -> m.type("text/plain; charset=UTF-7").header("Content-Transfer-Encoding", "7bit")
                .set("To", "\"Heinz M+APw-ller\" <support@helpdesk.test>").rawBody("Die Fr+XKM-sche sa+B6U-n am Teich, f+vCA-r immer.\n"));
        add("charset", "utf7-unpaired-surrogate", m -> m.type("text/plain; charset=utf-7").rawBody("Smile +2D0- and +3gA- apart\n"));
        add("charset", "utf7-leftover-bits", m -> m.type("text/plain; charset=utf-7").rawBody("Odd +AAAA and +A- and +!bang\n"));
        add("charset", "utf7-plus-at-end", m -> m.type("text/plain; charset=utf-7").rawBody("1+1=2 and C+").noFinalNewline());
        add("charset", "utf7-plus-line-end", m -> m.type("text/plain; charset=utf-7").rawBody("a+\nb+\n+\n"));
        add("charset", "utf7-in-multipart", m -> m.type("multipart/alternative; boundary=\"u\"").rawBody(multipart("u",
                "Content-Type: text/plain; charset=utf-7\n\n1+1=2 and C++ and Gr+APw-+AN8-e\n",
                "Content-Type: text/html; charset=utf-7\n\n<p>1+1=2 and C++</p>\n")));
        add("charset", "utf7-subject", m -> m.set("Subject", "=?utf-7?Q?1+1=3D2_and_C++?="));
        add("charset", "koi8r-unlabelled", m -> m.type("text/plain").rawBody(encode("Привет, принтер горит\n", Charset.forName("KOI8-R"))));
        add("charset", "koi8r-no-content-type", m -> m.remove("Content-Type").remove("MIME-Version")
                .rawBody(encode("Привет, принтер горит\n", Charset.forName("KOI8-R"))));
        add("charset", "koi8r-labelled", m -> m.type("text/plain; charset=koi8-r").rawBody(encode("Привет, принтер горит\n", Charset.forName("KOI8-R"))));
        add("charset", "shift-jis", m -> m.type("text/plain; charset=Shift_JIS").rawBody(encode("プリンターが燃えています\n", Charset.forName("Shift_JIS"))));
        add("charset", "iso-2022-jp", m -> m.type("text/plain; charset=ISO-2022-JP").header("Content-Transfer-Encoding", "7bit")
                .rawBody(encode("プリンターが燃えています\n", Charset.forName("ISO-2022-JP"))));
        add("charset", "gb2312", m -> m.type("text/plain; charset=gb2312").rawBody(encode("打印机着火了\n", Charset.forName("GB2312"))));
        add("charset", "big5", m -> m.type("text/plain; charset=big5").rawBody(encode("印表機著火了\n", Charset.forName("Big5"))));
        add("charset", "invalid-utf8", m -> m.rawBody("Broken \u00c3\u0028 and \u00ff\u00fe bytes\n"));
        add("charset", "bom-utf8", m -> m.rawBody("\u00ef\u00bb\u00bf" + utf8(text)));
        add("charset", "utf16-labelled", m -> m.type("text/plain; charset=utf-16").header("Content-Transfer-Encoding", "base64")
                .rawBody(base64(encode(text, Charset.forName("UTF-16")))));
        add("charset", "quoted-charset-with-spaces", m -> m.type("text/plain; charset = \" UTF-8 \" ; format=flowed"));
        add("charset", "bad-base64", m -> m.type("text/plain; charset=utf-8").header("Content-Transfer-Encoding", "base64").rawBody("SGVsbG8*&^%$#@!!\n===\nd29ybGQ\n"));
        add("charset", "bad-quoted-printable", m -> m.type("text/plain; charset=utf-8").header("Content-Transfer-Encoding", "quoted-printable")
                .rawBody("Broken =ZZ escape and =E\nsoft break at end=\n"));
        add("charset", "unknown-transfer-encoding", m -> m.type("text/plain; charset=utf-8").header("Content-Transfer-Encoding", "x-gzip64"));
        add("charset", "binary-transfer-encoding", m -> m.type("text/plain; charset=utf-8").header("Content-Transfer-Encoding", "binary"));
        add("charset", "subject-unknown-charset-word", m -> m.set("Subject", "=?x-unknown?Q?Printer?= on fire"));
        add("charset", "subject-mislabelled-word", m -> m.set("Subject", "=?utf-8?Q?Gr=FC=DFe?= and =?iso-8859-1?B?" + java.util.Base64.getEncoder()
                .encodeToString("Grüße".getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "?="));
    }

    // ---- line endings

    private void lineEnds() {
        String multipartBody = multipart("le", "Content-Type: text/plain; charset=utf-8\n\nFirst line\nsecond line\n",
                "Content-Type: application/pdf; name=\"a.pdf\"\nContent-Transfer-Encoding: base64\n\n" + base64("%PDF-1.4\n%...") + "\n");
        for (boolean multi : List.of(false, true)) {
            String shape = multi ? "multipart" : "plain";
            UnaryOperator<HostileMail> base = multi
                    ? m -> m.type("multipart/mixed; boundary=\"le\"").rawBody(multipartBody)
                    : m -> m.body("First line\nsecond line\n\nthird paragraph\n");
            add("line-end", shape + ".lf", m -> base.apply(m).lineEnds(s -> s));
            add("line-end", shape + ".cr", m -> base.apply(m).lineEnds(s -> s.replace('\n', '\r')));
            add("line-end", shape + ".mixed", m -> base.apply(m).lineEnds(HostileCorpus::mixedLineEnds));
            add("line-end", shape + ".no-final-newline", m -> base.apply(m).noFinalNewline());
        }
        add("line-end", "crlf-headers-lf-body", m -> {
            HostileMail out = m.body("LF only\nin the body\n");
            return out.lineEnds(s -> {
                int split = s.indexOf("\n\n");
                return s.substring(0, split + 2).replace("\n", "\r\n") + s.substring(split + 2);
            });
        });
        add("line-end", "crcrlf", m -> m.lineEnds(s -> s.replace("\n", "\r\r\n")));
    }

    /** CRLF, LF and CR in turn. */
    private static String mixedLineEnds(String s) {
        StringBuilder b = new StringBuilder();
        String[] ends = {"\r\n", "\n", "\r"};
        int i = 0;
        for (char c : s.toCharArray()) {
            if (c == '\n') b.append(ends[i++ % 3]);
            else b.append(c);
        }
        return b.toString();
    }

    // ---- structure: no body, no subject, only attachments, odd attachment names

    private void structure() {
        String pdf = base64("%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n");
        add("structure", "no-body", m -> m.rawBody(""));
        add("structure", "no-body-no-blank-line", m -> m.rawBody("").noBlankLine());
        add("structure", "whitespace-body", m -> m.rawBody("   \n\t\n \n"));
        add("structure", "no-subject", m -> m.remove("Subject"));
        add("structure", "empty-subject", m -> m.setRaw("Subject", ""));
        add("structure", "blank-subject", m -> m.setRaw("Subject", "   \t "));
        add("structure", "no-subject-no-body", m -> m.remove("Subject").rawBody(""));
        add("structure", "only-attachment-multipart", m -> m.type("multipart/mixed; boundary=\"a\"")
                .rawBody(multipart("a", attachment("application/pdf", "filename=\"invoice.pdf\"", pdf))));
        add("structure", "only-attachment-singlepart", m -> m.type("application/pdf; name=\"invoice.pdf\"")
                .header("Content-Disposition", "attachment; filename=\"invoice.pdf\"").header("Content-Transfer-Encoding", "base64").rawBody(pdf));
        add("structure", "only-image-inline", m -> m.type("image/png").header("Content-Transfer-Encoding", "base64")
                .rawBody(base64("\u0089PNG\r\n\u001a\n\0\0\0\rIHDR")));
        add("structure", "only-attachments-no-subject", m -> m.remove("Subject").type("multipart/mixed; boundary=\"a\"")
                .rawBody(multipart("a", attachment("application/pdf", "filename=\"a.pdf\"", pdf), attachment("text/csv", "filename=\"b.csv\"", base64("a,b\n1,2\n")))));
        add("structure", "empty-multipart", m -> m.type("multipart/mixed; boundary=\"a\"").rawBody("--a--\n"));
        add("structure", "multipart-no-parts-no-end", m -> m.type("multipart/mixed; boundary=\"a\"").rawBody("preamble only\n"));
        add("structure", "multipart-without-boundary", m -> m.type("multipart/mixed").rawBody("--x\nContent-Type: text/plain\n\nhi\n--x--\n"));
        for (int length : List.of(300, 1000)) {
            add("attachment-name", "long." + length, m -> withAttachment(m, "filename=\"" + repeatTo("very-long-file-name-", length) + ".pdf\"", pdf));
            add("attachment-name", "long-rfc2231." + length, m -> withAttachment(m, rfc2231(repeatTo("Prüfbericht-Überlänge-", length) + ".pdf"), pdf));
        }
        add("attachment-name", "bidi-u202e", m -> withAttachment(m, "filename*=utf-8''" + pct("invoice\u202Efdp.exe"), pdf));
        add("attachment-name", "bidi-u202e-encoded-word", m -> withAttachment(m, "filename=\"" + bWord("report\u202Egnp.js") + "\"", pdf));
        add("attachment-name", "bidi-u202e-raw-utf8", m -> withAttachment(m, "filename=\"" + utf8("photo\u202Egpj.scr") + "\"", pdf));
        add("attachment-name", "empty", m -> withAttachment(m, "filename=\"\"", pdf));
        add("attachment-name", "missing", m -> withAttachment(m, "", pdf));
        add("attachment-name", "whitespace", m -> withAttachment(m, "filename=\"   \"", pdf));
        add("attachment-name", "path-traversal", m -> withAttachment(m, "filename=\"../../../etc/passwd\"", pdf));
        add("attachment-name", "windows-path", m -> withAttachment(m, "filename=\"C:\\\\Users\\\\me\\\\report.pdf\"", pdf));
        add("attachment-name", "newline-encoded", m -> withAttachment(m, "filename*=utf-8''a%0D%0Ab.pdf", pdf));
        add("attachment-name", "nul-encoded", m -> withAttachment(m, "filename*=utf-8''a%00b.pdf", pdf));
        add("attachment-name", "only-dots", m -> withAttachment(m, "filename=\"..\"", pdf));
        add("attachment-name", "rfc2231-bad-charset", m -> withAttachment(m, "filename*=x-unknown''%FF%FE.pdf", pdf));
        add("attachment-name", "unquoted-spaces", m -> withAttachment(m, "filename=my report final (2).pdf", pdf));
    }

    private static String attachment(String type, String dispositionParams, String base64) {
        return "Content-Type: " + type + "\nContent-Disposition: attachment" + (dispositionParams.isEmpty() ? "" : "; " + dispositionParams)
                + "\nContent-Transfer-Encoding: base64\n\n" + base64;
    }

    private static HostileMail withAttachment(HostileMail m, String dispositionParams, String base64) {
        return m.type("multipart/mixed; boundary=\"a\"").rawBody(multipart("a",
                "Content-Type: text/plain; charset=utf-8\n\nSee the attachment.\n", attachment("application/octet-stream", dispositionParams, base64)));
    }

    /** RFC 2231 continuations: filename*0*=utf-8''...; filename*1*=... in 60-byte sections. */
    private static String rfc2231(String name) {
        String encoded = pct(name);
        List<String> sections = new ArrayList<>();
        for (int i = 0, n = 0; i < encoded.length(); n++) {
            int end = Math.min(encoded.length(), i + 60);
            while (end < encoded.length() && end > i + 2 && encoded.charAt(end - 1) == '%') end--;
            while (end < encoded.length() && end > i + 2 && encoded.charAt(end - 2) == '%') end -= 2;
            sections.add("filename*" + n + "*=" + (n == 0 ? "utf-8''" : "") + encoded.substring(i, end));
            i = end;
        }
        return String.join(";\n ", sections);
    }

    private static String pct(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c < 128 && (Character.isLetterOrDigit(c) || "-._".indexOf(c) >= 0)) b.append((char) c);
            else b.append('%').append(String.format("%02X", c));
        }
        return b.toString();
    }

    // ---- many recipients

    private void manyRecipients() {
        for (int count : List.of(50, 150, 200)) {
            add("many-cc", count + ".sender-domain", m -> m.set("Cc", recipients(count, "many-cc.hostile.test")));
            add("many-cc", count + ".gmail", m -> m.set("Cc", recipients(count, "gmail.com")));
        }
        add("many-cc", "200-to-and-cc", m -> m.set("To", "support@helpdesk.test,\n " + recipients(200, "many-cc.hostile.test"))
                .set("Cc", recipients(200, "gmail.com")));
        add("many-cc", "200-one-line", m -> m.set("Cc", recipients(200, "gmail.com").replace("\n ", "")));
    }

    private static String recipients(int count, String domain) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) out.add("Person " + i + " <person" + i + "@" + domain + ">");
        return String.join(",\n ", out);
    }

    // ---- HTML

    private void html() {
        String text = "Content-Type: text/plain; charset=utf-8\n\nSee the picture.\n";
        add("html", "cid-percent-zz", m -> m.type("text/html; charset=utf-8").rawBody("<p>See <img src=\"cid:%zz\"> here</p>\n"));
        add("html", "cid-broken-escapes", m -> m.type("multipart/alternative; boundary=\"h\"").rawBody(multipart("h", text,
                "Content-Type: text/html; charset=utf-8\n\n<img src=\"cid:%\"><img src=\"cid:%E\"><img src=\"cid:\"><img src=\"cid:a%ZZb@x\"><p>Hi</p>\n")));
        add("html", "related-missing-cid", m -> m.type("multipart/related; boundary=\"r\"").rawBody(multipart("r",
                "Content-Type: text/html; charset=utf-8\n\n<p>Logo: <img src=\"cid:logo@hostile\"></p>\n",
                "Content-Type: image/png\nContent-ID: <other@hostile>\nContent-Transfer-Encoding: base64\n\n" + base64("\u0089PNG"))));
        add("html", "unclosed-tags", m -> m.type("text/html; charset=utf-8").rawBody("<html><body><div><p>Unclosed <b>bold <i>italic <table><tr><td>cell\n"));
        add("html", "html-only-empty", m -> m.type("text/html; charset=utf-8").rawBody("<html><body></body></html>\n"));
        add("html", "script-and-style", m -> m.type("text/html; charset=utf-8").rawBody(
                "<style>p{color:red}</style><script>alert(1)</script><p onclick=\"x()\">Click</p><!-- comment --><p>Text</p>\n"));
    }

    // ---- 8-bit headers

    private void eightBitHeaders() {
        add("8bit-header", "latin1-subject", m -> m.setRaw("Subject", "Gr\u00fc\u00dfe aus K\u00f6ln"));
        add("8bit-header", "latin1-from-name", m -> m.setRaw("From", "J\u00f6rg M\u00fcller <" + sender("8bit-header.latin1-from-name", "8bit-header") + ">"));
        add("8bit-header", "utf8-subject", m -> m.set("Subject", "Grüße, 你好, привет"));
        add("8bit-header", "invalid-utf8-subject", m -> m.setRaw("Subject", "Broken \u00c3\u0028 \u00ff bytes"));
        add("8bit-header", "koi8r-subject", m -> m.setRaw("Subject", encode("Принтер горит", Charset.forName("KOI8-R"))));
        add("8bit-header", "latin1-filename", m -> withAttachment(m, "filename=\"Pr\u00fcfbericht.pdf\"", base64("%PDF")));
    }

    // ---- RFC 2047 split across words

    private void encodedWordSplits() {
        byte[] euro = "€uro".getBytes(java.nio.charset.StandardCharsets.UTF_8); // e2 82 ac 75 72 6f
        String firstHalf = java.util.Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(euro, 2));
        String secondHalf = java.util.Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(euro, 2, euro.length));
        add("rfc2047", "char-split-b", m -> m.set("Subject", "=?UTF-8?B?" + firstHalf + "?= =?UTF-8?B?" + secondHalf + "?="));
        add("rfc2047", "char-split-q", m -> m.set("Subject", "=?utf-8?Q?Gr=C3?=\n =?utf-8?Q?=BC=C3=9Fe?="));
        add("rfc2047", "adjacent-words-spaces", m -> m.set("Subject", "=?utf-8?Q?Hello?=   \n   =?utf-8?Q?_World?="));
        add("rfc2047", "no-space-around", m -> m.set("Subject", "abc=?utf-8?Q?d=C3=A9f?=ghi"));
        add("rfc2047", "in-quoted-string", m -> m.set("From", "\"=?utf-8?Q?J=C3=B6rg?=\" <" + sender("rfc2047.in-quoted-string", "rfc2047") + ">"));
        add("rfc2047", "unterminated", m -> m.set("Subject", "=?utf-8?Q?never_ends"));
        add("rfc2047", "longer-than-75", m -> m.set("Subject", "=?utf-8?Q?" + "=C3=BC".repeat(100) + "?="));
        add("rfc2047", "mixed-charsets", m -> m.set("Subject", "=?iso-8859-1?Q?Gr=FC=DFe?= =?koi8-r?B?8NLJ18XU?= =?shift_jis?B?g3aDioOTg16BWw==?="));
        add("rfc2047", "bad-base64", m -> m.set("Subject", "=?utf-8?B?!!notbase64***?="));
        add("rfc2047", "lowercase-encoding-language", m -> m.set("Subject", "=?UTF-8*en?q?Hello_there?="));
        add("rfc2047", "split-from-name", m -> m.set("From", "=?UTF-8?B?" + firstHalf + "?=\n =?UTF-8?B?" + secondHalf + "?= <"
                + sender("rfc2047.split-from-name", "rfc2047") + ">"));
    }

    // ---- nested message/rfc822

    private void nested() {
        String inner = "From: Original Author <author@nested.hostile.test>\nTo: someone@nested.hostile.test\nSubject: The original\n"
                + "Message-ID: <inner.1@nested.hostile.test>\n\nThe forwarded text.\n";
        add("nested", "forward-as-attachment", m -> m.type("multipart/mixed; boundary=\"n\"").rawBody(multipart("n",
                "Content-Type: text/plain; charset=utf-8\n\nSee the forwarded mail.\n", "Content-Type: message/rfc822\nContent-Disposition: attachment\n\n" + inner)));
        add("nested", "top-level-rfc822", m -> m.type("message/rfc822").rawBody(inner));
        add("nested", "rfc822-empty", m -> m.type("multipart/mixed; boundary=\"n\"").rawBody(multipart("n",
                "Content-Type: text/plain\n\nEmpty attachment follows.\n", "Content-Type: message/rfc822\n\n")));
        add("nested", "rfc822-base64", m -> m.type("multipart/mixed; boundary=\"n\"").rawBody(multipart("n",
                "Content-Type: text/plain\n\nEncoded forward follows.\n", "Content-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n" + base64(inner))));
        add("nested", "depth-10", m -> {
            String msg = inner;
            for (int i = 0; i < 10; i++) {
                msg = "From: level" + i + "@nested.hostile.test\nSubject: Fwd level " + i + "\nContent-Type: multipart/mixed; boundary=\"n" + i + "\"\n\n"
                        + multipart("n" + i, "Content-Type: text/plain\n\nlevel " + i + "\n", "Content-Type: message/rfc822\n\n" + msg);
            }
            return m.type("message/rfc822").rawBody(msg);
        });
        add("nested", "rfc822-with-bounce-inside", m -> m.type("multipart/mixed; boundary=\"n\"").rawBody(multipart("n",
                "Content-Type: text/plain\n\nI got this bounce, what does it mean?\n",
                "Content-Type: message/rfc822\n\nFrom: MAILER-DAEMON <>\nSubject: Undelivered Mail\n"
                        + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"d\"\n\n"
                        + multipart("d", "Content-Type: text/plain\n\nfailed\n", "Content-Type: message/delivery-status\n\nFinal-Recipient: rfc822; x@y.test\nAction: failed\nStatus: 5.0.0\n"))));
    }

    // ---- huge lines

    private void huge() {
        add("huge", "1mb-single-line-body", m -> m.rawBody("A".repeat(1 << 20)).noFinalNewline());
        add("huge", "1mb-words-no-newline", m -> m.rawBody("word ".repeat((1 << 20) / 5)).noFinalNewline());
        add("huge", "1mb-base64-one-line", m -> withAttachment(m, "filename=\"big.bin\"", java.util.Base64.getEncoder().encodeToString(new byte[768 * 1024])));
    }

    // ---- NUL bytes

    private void nulBytes() {
        add("nul", "in-body", m -> m.rawBody("Hello\0world\0\0 with NULs\n"));
        add("nul", "in-subject", m -> m.setRaw("Subject", "Printer\0on fire"));
        add("nul", "in-from-name", m -> m.setRaw("From", "Alice\0Example <" + sender("nul.in-from-name", "nul") + ">"));
        add("nul", "body-all-nul", m -> m.rawBody("\0".repeat(4096)));
        add("nul", "in-multipart", m -> m.type("multipart/mixed; boundary=\"z\"").rawBody(multipart("z",
                "Content-Type: text/plain\n\nBefore\0after\n", "Content-Type: application/octet-stream\n\n\0\0\0binary\0\n")));
        add("nul", "in-html", m -> m.type("text/html; charset=utf-8").rawBody("<p>Hel\0lo</p>\n"));
    }

    // ---- the only mail that may be quarantined

    private void noMessage() {
        add("no-message", "headers-only", "no sender, no subject, no body: nothing to answer and nothing to put on a ticket",
                m -> new HostileMail().header(HostileMail.CASE_HEADER, "no-message.headers-only")
                        .header("Message-ID", "<no-message.headers-only@hostile.test>").header("Date", "Mon, 2 Mar 2026 09:00:00 +0000")
                        .noBlankLine());
        add("no-message", "empty-from-subject-body", "From, Subject and body all empty: no one wrote anything",
                m -> m.setRaw("From", "").setRaw("Subject", "").rawBody(""));
    }
}
