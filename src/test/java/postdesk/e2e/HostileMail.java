package postdesk.e2e;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * One raw mail under construction, kept as a "byte string" (one char per byte, ISO-8859-1) so a
 * case can put any bytes anywhere: UTF-8 by default, latin1 or KOI8-R where a case says so, NULs,
 * broken folding. Lines are joined with "\n" while building; {@link #lineEnds} decides what each
 * line end becomes in the bytes (CRLF unless the case is about line ends).
 */
final class HostileMail {
    static final String CASE_HEADER = "X-Hostile-Case";

    private final List<String> headers = new ArrayList<>(); // byte strings, one per header, "\n" inside where folded
    private String body = "";
    private boolean blankLine = true;
    private boolean finalNewline = true;
    private UnaryOperator<String> lineEnds = s -> s.replace("\n", "\r\n");

    /** The usual mail of a case: marker, unique Message-ID, a sender at the kind's own domain (rate limits are per domain). */
    static HostileMail standard(String name, String kind) {
        return new HostileMail()
                .header(CASE_HEADER, name)
                .header("Message-ID", "<" + name + "@hostile.test>")
                .header("Date", "Mon, 2 Mar 2026 09:00:00 +0000")
                .header("From", "Hostile Tester <" + sender(name, kind) + ">")
                .header("To", "support@helpdesk.test")
                .header("Subject", "Hostile case " + name)
                .header("MIME-Version", "1.0")
                .header("Content-Type", "text/plain; charset=utf-8")
                .header("Content-Transfer-Encoding", "8bit")
                .body("Hello support,\nthis is hostile case " + name + ".\nRegards\n");
    }

    /** A sender address for a case: local parts stay within 64 characters. */
    static String sender(String name, String kind) {
        String local = name.length() > 60 ? name.substring(0, 60) : name;
        return local + "@" + kind + ".hostile.test";
    }

    static String utf8(String s) {
        return new String(s.getBytes(UTF_8), ISO_8859_1);
    }

    static String encode(String s, Charset charset) {
        return new String(s.getBytes(charset), ISO_8859_1);
    }

    static String base64(String byteString) {
        return Base64.getMimeEncoder(76, "\n".getBytes(ISO_8859_1)).encodeToString(byteString.getBytes(ISO_8859_1));
    }

    /** RFC 2047 B-words of at most 45 bytes each (split at character boundaries), folded one per line. */
    static String encodedWords(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder chunk = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            String c = new String(Character.toChars(cp));
            int n = c.getBytes(UTF_8).length;
            if (bytes + n > 45) {
                words.add(bWord(chunk.toString()));
                chunk.setLength(0);
                bytes = 0;
            }
            chunk.append(c);
            bytes += n;
            i += Character.charCount(cp);
        }
        if (chunk.length() > 0) words.add(bWord(chunk.toString()));
        return String.join("\n ", words);
    }

    static String bWord(String text) {
        return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(text.getBytes(UTF_8)) + "?=";
    }

    /** Folds at spaces so that no line is longer than about 76 characters. */
    static String fold(String value) {
        StringBuilder out = new StringBuilder();
        int lineLength = 0;
        for (String word : value.split(" ", -1)) {
            if (lineLength > 0 && lineLength + word.length() > 70) {
                out.append("\n ");
                lineLength = 1;
            } else if (out.length() > 0) {
                out.append(' ');
                lineLength++;
            }
            out.append(word);
            lineLength += word.length();
        }
        return out.toString();
    }

    /** Repeats {@code unit} until the result has at least {@code length} characters, then cuts it there. */
    static String repeatTo(String unit, int length) {
        StringBuilder b = new StringBuilder(length + unit.length());
        while (b.length() < length) b.append(unit);
        return b.substring(0, length).strip();
    }

    /** A MIME multipart body: each part is "headers\n\nbody" as a byte string. */
    static String multipart(String boundary, String... parts) {
        StringBuilder b = new StringBuilder("This is a multi-part message in MIME format.\n");
        for (String p : parts) b.append("--").append(boundary).append('\n').append(p).append('\n');
        return b.append("--").append(boundary).append("--\n").toString();
    }

    /** Adds a header; the value is Unicode text written as UTF-8 (RFC 6532), "\n " inside folds it. */
    HostileMail header(String name, String value) {
        headers.add(name + ": " + utf8(value));
        return this;
    }

    /** Replaces every header of that name (or adds it). */
    HostileMail set(String name, String value) {
        int at = indexOf(name);
        remove(name);
        headers.add(at < 0 ? headers.size() : Math.min(at, headers.size()), name + ": " + utf8(value));
        return this;
    }

    /** Replaces a header with an exact byte string (for 8-bit latin1, KOI8-R, NUL and broken lines). */
    HostileMail setRaw(String name, String byteString) {
        int at = indexOf(name);
        remove(name);
        headers.add(at < 0 ? headers.size() : Math.min(at, headers.size()), name + ": " + byteString);
        return this;
    }

    /** Adds a header block line exactly as given (may be no header at all, e.g. a continuation without whitespace). */
    HostileMail raw(String byteString) {
        headers.add(byteString);
        return this;
    }

    /** Adds a header block line right after the case marker, before Message-ID, From and the rest. */
    HostileMail early(String byteString) {
        headers.add(Math.min(1, headers.size()), byteString);
        return this;
    }

    HostileMail remove(String name) {
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        headers.removeIf(h -> h.toLowerCase(Locale.ROOT).startsWith(prefix));
        return this;
    }

    private int indexOf(String name) {
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        for (int i = 0; i < headers.size(); i++) if (headers.get(i).toLowerCase(Locale.ROOT).startsWith(prefix)) return i;
        return -1;
    }

    /** Sets Content-Type (and drops the transfer encoding, which the caller re-adds where it matters). */
    HostileMail type(String contentType) {
        remove("Content-Transfer-Encoding");
        return set("Content-Type", contentType);
    }

    HostileMail body(String text) {
        body = utf8(text);
        return this;
    }

    HostileMail rawBody(String byteString) {
        body = byteString;
        return this;
    }

    /** No empty line after the headers (the mail ends with its header block). */
    HostileMail noBlankLine() {
        blankLine = false;
        return this;
    }

    HostileMail noFinalNewline() {
        finalNewline = false;
        return this;
    }

    HostileMail lineEnds(UnaryOperator<String> lineEnds) {
        this.lineEnds = lineEnds;
        return this;
    }

    byte[] bytes() {
        StringBuilder b = new StringBuilder();
        for (String h : headers) b.append(h).append('\n');
        if (blankLine) b.append('\n');
        b.append(body);
        String s = b.toString();
        if (!finalNewline) {
            while (s.endsWith("\n")) s = s.substring(0, s.length() - 1);
        } else if (!s.endsWith("\n")) {
            s += "\n";
        }
        return lineEnds.apply(s).getBytes(ISO_8859_1);
    }
}
