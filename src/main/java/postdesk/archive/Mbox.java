package postdesk.archive;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An mbox file (RFC 4155), indexed in one streaming pass: where each mail starts and ends, and
 * when it was written. Nothing but the index is kept in memory, so an archive of any size can be
 * imported. A {@code From } line starts a mail only at the start of the file or after an empty
 * line, and only when it carries a time, so an unescaped "From " in a body does not split a mail;
 * where a mail has a Content-Length that fits, nothing inside its body is taken for a separator.
 * Lines escaped as {@code >From } (mboxrd and mboxo) lose one {@code >} when a mail is read.
 * The folder-data entry mail stores put first in an mbox is left out.
 */
public final class Mbox {
    private static final Pattern SEPARATOR = Pattern.compile("From \\S*.*\\d{1,2}:\\d{2}.*");
    private static final Pattern ESCAPED_FROM = Pattern.compile(">+From ");
    private static final int HEADER_LIMIT = 64 * 1024;

    private final Path file;
    private final List<Entry> entries;

    /** One mail: bytes {@code [start, end)} of the file, and its date (see {@link #index}). */
    public record Entry(int ordinal, long start, long end, Instant date) {
    }

    private Mbox(Path file, List<Entry> entries) {
        this.file = file;
        this.entries = entries;
    }

    /**
     * Reads the file once. A mail's date is its Date header, else its separator line's date, else
     * the date of the mail before it (the first dated one for leading undated mails, {@code now}
     * when none is dated); a date after {@code now} is taken as {@code now}.
     */
    public static Mbox index(Path file, Instant now) throws IOException {
        List<long[]> spans = new ArrayList<>();
        List<Instant> dates = new ArrayList<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
             RandomAccessFile peek = new RandomAccessFile(file.toFile(), "r")) {
            LineReader lines = new LineReader(in);
            byte[] line;
            boolean first = true;
            boolean previousEmpty = true;
            boolean inHeaders = false;
            long start = -1;
            long lastEmptyAt = -1;
            StringBuilder headers = new StringBuilder();
            String separator = null;
            long bodyEnd = -1; // where a trustworthy Content-Length says the current body ends
            while ((line = lines.next()) != null) {
                long lineStart = lines.position() - line.length;
                if (previousEmpty && lineStart >= bodyEnd && startsWithFrom(line) && SEPARATOR.matcher(latin1(line).strip()).matches()) {
                    if (start >= 0 && !isFolderData(headers)) {
                        // the empty line before a separator belongs to the mbox, not to the mail
                        spans.add(new long[] {start, lastEmptyAt});
                        dates.add(dateOf(headers, separator));
                    }
                    start = lines.position();
                    separator = latin1(line).strip();
                    headers.setLength(0);
                    bodyEnd = -1;
                    inHeaders = true;
                    previousEmpty = false;
                    first = false;
                    continue;
                }
                if (first) {
                    if (isBlank(line)) continue;
                    throw new NotMboxException(file + " is not an mbox file: it does not start with a 'From ' line");
                }
                boolean empty = isLineEndOnly(line);
                if (inHeaders) {
                    if (empty) {
                        inHeaders = false;
                        bodyEnd = bodyEndByLength(peek, lines.position(), headerValue(headers, "content-length"));
                    } else if (headers.length() < HEADER_LIMIT) headers.append(latin1(line));
                }
                if (empty) lastEmptyAt = lineStart;
                previousEmpty = empty;
            }
            if (start >= 0 && !isFolderData(headers)) {
                spans.add(new long[] {start, previousEmpty ? lastEmptyAt : lines.position()});
                dates.add(dateOf(headers, separator));
            }
        }
        return new Mbox(file, entries(spans, dates, now));
    }

    /**
     * Where the body ends by its Content-Length header (Dovecot and Solaris write one and do not
     * escape "From " lines in bodies), or -1: only when the mail's end lands on the next separator
     * line or the end of the file, so a stale length (a file edited or converted since) is ignored.
     */
    private static long bodyEndByLength(RandomAccessFile file, long bodyStart, String contentLength) throws IOException {
        long length;
        try {
            length = contentLength == null ? -1 : Long.parseLong(contentLength.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
        long end = bodyStart + length;
        if (length < 0 || end > file.length()) return -1;
        byte[] next = new byte[(int) Math.min(7, file.length() - end)];
        file.seek(end);
        file.readFully(next);
        String after = latin1(next).replace("\r", "");
        boolean atEndOfFile = file.length() - end <= 2 && after.isBlank(); // at most the closing line end
        return atEndOfFile || after.startsWith("From ") || after.startsWith("\nFrom ") ? end : -1;
    }

    /**
     * The "DON'T DELETE THIS MESSAGE -- FOLDER INTERNAL DATA" entry that UW-IMAP's c-client and
     * Dovecot put first in an mbox to keep UIDs: the mail store's bookkeeping, not mail.
     */
    private static boolean isFolderData(CharSequence headers) {
        String subject = headerValue(headers, "subject");
        return headerValue(headers, "x-imap") != null && subject != null && subject.contains("FOLDER INTERNAL DATA");
    }

    private static Instant dateOf(CharSequence headers, String separator) {
        return MailDates.fromHeader(headerValue(headers, "date")).or(() -> MailDates.fromSeparator(separator)).orElse(null);
    }

    private static List<Entry> entries(List<long[]> spans, List<Instant> dates, Instant now) {
        Instant firstDated = dates.stream().filter(d -> d != null).findFirst().orElse(now);
        List<Entry> entries = new ArrayList<>(spans.size());
        Instant previous = firstDated;
        for (int i = 0; i < spans.size(); i++) {
            Instant date = dates.get(i) == null ? previous : dates.get(i);
            if (date.isAfter(now)) date = now;
            previous = date;
            entries.add(new Entry(i, spans.get(i)[0], spans.get(i)[1], date));
        }
        return entries;
    }

    /** The mails in file order. */
    public List<Entry> entries() {
        return entries;
    }

    public int size() {
        return entries.size();
    }

    /** One mail's bytes, with mbox's {@code >From } escaping undone. */
    public byte[] read(Entry e) throws IOException {
        byte[] bytes = new byte[Math.toIntExact(e.end() - e.start())];
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            f.seek(e.start());
            f.readFully(bytes);
        }
        return unescape(bytes);
    }

    private static byte[] unescape(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
        int lineStart = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                int end = Math.min(i + 1, bytes.length);
                boolean escaped = lineStart < end && bytes[lineStart] == '>'
                        && ESCAPED_FROM.matcher(latin1(bytes, lineStart, Math.min(end, lineStart + 80))).lookingAt();
                out.write(bytes, escaped ? lineStart + 1 : lineStart, end - lineStart - (escaped ? 1 : 0));
                lineStart = end;
                if (lineStart >= bytes.length) break;
            }
        }
        return out.toByteArray();
    }

    /** The first value of a header in an unfolded-on-the-fly header block, or null. */
    private static String headerValue(CharSequence block, String name) {
        String[] lines = block.toString().split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0 || !lines[i].substring(0, colon).strip().equalsIgnoreCase(name)) continue;
            StringBuilder value = new StringBuilder(lines[i].substring(colon + 1));
            while (i + 1 < lines.length && !lines[i + 1].isEmpty() && (lines[i + 1].charAt(0) == ' ' || lines[i + 1].charAt(0) == '\t')) {
                value.append(' ').append(lines[++i].strip());
            }
            return value.toString().strip();
        }
        return null;
    }

    private static boolean startsWithFrom(byte[] line) {
        return line.length >= 5 && line[0] == 'F' && line[1] == 'r' && line[2] == 'o' && line[3] == 'm' && line[4] == ' ';
    }

    private static boolean isBlank(byte[] line) {
        for (byte b : line) if (b != ' ' && b != '\t' && b != '\r' && b != '\n') return false;
        return true;
    }

    private static boolean isLineEndOnly(byte[] line) {
        return line.length == 1 && line[0] == '\n' || line.length == 2 && line[0] == '\r' && line[1] == '\n';
    }

    private static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static String latin1(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** A file that is not an mbox at all. */
    public static final class NotMboxException extends IOException {
        NotMboxException(String message) {
            super(message);
        }
    }

    /** Lines with their line ends, and the file position after each. */
    private static final class LineReader {
        private final InputStream in;
        private long position;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

        LineReader(InputStream in) {
            this.in = in;
        }

        byte[] next() throws IOException {
            line.reset();
            int c;
            while ((c = in.read()) >= 0) {
                line.write(c);
                position++;
                if (c == '\n') break;
            }
            return line.size() == 0 ? null : line.toByteArray();
        }

        long position() {
            return position;
        }
    }
}
