package postdesk.mime;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.SequenceInputStream;

import postdesk.mail.HeaderBlock;

/**
 * Puts a raw mail into the shape the MIME parser expects: an mbox {@code From } separator line
 * and blank lines before the headers are skipped (archives and some MTAs leave them), a body
 * that follows the header without a blank line gets one, and a mail whose lines end in a bare
 * CR (old Mac) is read with CRLF line ends. Reading stops once the reading thread is interrupted.
 */
final class InputRepair {
    private static final int PEEK = 16 * 1024;

    private InputRepair() {
    }

    static InputStream normalise(InputStream raw, java.util.List<String> warnings) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, PEEK);
        in.mark(PEEK);
        byte[] head = in.readNBytes(PEEK);
        in.reset();
        int skip = 0;
        // blank (whitespace-only) lines before the first header
        while (true) {
            int end = lineEnd(head, skip);
            if (end < 0 || !isBlank(head, skip, end)) break;
            skip = next(head, end);
        }
        int fromEnd = lineEnd(head, skip);
        if (startsWith(head, skip, "From ") && fromEnd >= 0 && !isField(head, skip, fromEnd)) { // "From  :" is a header
            skip = next(head, fromEnd);
            warnings.add("mbox 'From ' line skipped");
        }
        in.skipNBytes(skip);
        InputStream out = in;
        int body = bodyWithoutBlankLine(head, skip);
        if (body >= 0) {
            warnings.add("no blank line between header and body");
            byte[] header = in.readNBytes(body - skip);
            out = new SequenceInputStream(new ByteArrayInputStream(concat(header, lineBreak(head, skip))), in);
        }
        if (oddLineEnds(head, skip)) {
            warnings.add("bare CR line endings");
            out = new CrToCrlf(out);
        }
        return new Cancellable(out);
    }

    /**
     * Where the body begins when the header is not ended by a blank line: at the first line that
     * is neither a field nor a continuation and after which no field follows (in the peeked
     * bytes). Other non-field lines are header lines broken by the sender, which the parser
     * skips: those with fields after them, and those after a line that ends in white space (a
     * fold whose white space was left at the end of the line instead of starting the next).
     * -1 when the header ends properly.
     */
    private static int bodyWithoutBlankLine(byte[] b, int from) {
        int candidate = -1;
        boolean foldedBefore = false;
        int at = from;
        while (at < b.length) {
            int end = lineEnd(b, at);
            if (end < 0 && b.length == PEEK) break; // a line cut by the peek window: unknown
            if (end < 0) end = b.length;
            if (end == at) return candidate; // the blank line
            if (b[at] != ' ' && b[at] != '\t') {
                if (isField(b, at, end)) {
                    candidate = -1;
                } else if (candidate < 0 && !foldedBefore) {
                    candidate = at;
                }
            }
            foldedBefore = b[end - 1] == ' ' || b[end - 1] == '\t';
            if (end == b.length) break;
            at = next(b, end);
        }
        return candidate;
    }

    /** A header field line as the parser accepts it: a name of printable ASCII, optional white space, a colon. */
    private static boolean isField(byte[] b, int from, int to) {
        int i = from;
        while (i < to && b[i] > ' ' && b[i] < 0x7f && b[i] != ':') i++;
        if (i == from) return false;
        while (i < to && (b[i] == ' ' || b[i] == '\t')) i++;
        return i < to && b[i] == ':';
    }

    /** The mail's own line break (that of its first line), to write the missing blank line with. */
    private static byte[] lineBreak(byte[] b, int from) {
        int end = lineEnd(b, from);
        if (end < 0) return new byte[] {'\n'};
        return next(b, end) == end + 2 ? new byte[] {'\r', '\n'} : new byte[] {b[end]};
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Index of the first CR or LF at or after {@code from}, or -1. */
    private static int lineEnd(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == '\n' || b[i] == '\r') return i;
        }
        return -1;
    }

    /** Whether the header has a line end other than CRLF and LF: a bare CR, or CR CR LF. */
    private static boolean oddLineEnds(byte[] b, int from) {
        int end = HeaderBlock.bodyStart(b, from); // the body may hold any bytes
        for (int i = from; i < (end < 0 ? b.length : end) - 1; i++) {
            if (b[i] == '\r' && b[i + 1] != '\n') return true;
        }
        return false;
    }

    private static int next(byte[] b, int end) {
        return b[end] == '\r' && end + 1 < b.length && b[end + 1] == '\n' ? end + 2 : end + 1;
    }

    private static boolean isBlank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != ' ' && b[i] != '\t') return false;
        }
        return true;
    }

    private static boolean startsWith(byte[] b, int at, String prefix) {
        if (b.length - at < prefix.length()) return false;
        for (int i = 0; i < prefix.length(); i++) {
            if (b[at + i] != prefix.charAt(i)) return false;
        }
        return true;
    }

    /**
     * Stops the parser once its thread is interrupted (the watchdog gave the mail up): checked on
     * every read, so a reader left behind ends at its next buffer instead of reading on.
     */
    private static final class Cancellable extends FilterInputStream {
        Cancellable(InputStream in) {
            super(in);
        }

        private static void check() throws InterruptedIOException {
            if (Thread.currentThread().isInterrupted()) throw new InterruptedIOException("reading the mail was cancelled");
        }

        @Override
        public int read() throws IOException {
            check();
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            check();
            return super.read(b, off, len);
        }
    }

    /**
     * Makes every line end CRLF: a bare CR (old Mac, or one line of a mail with mixed ends) gets
     * its LF, and CR CR LF (a CRLF mail converted once too often) is one line end, not two.
     */
    private static final class CrToCrlf extends FilterInputStream {
        private final java.util.ArrayDeque<Integer> out = new java.util.ArrayDeque<>();

        CrToCrlf(InputStream in) {
            super(new java.io.PushbackInputStream(in, 2));
        }

        @Override
        public int read() throws IOException {
            if (!out.isEmpty()) return out.poll();
            int c = in.read();
            if (c != '\r') return c;
            java.io.PushbackInputStream pb = (java.io.PushbackInputStream) in;
            int d = pb.read();
            if (d == '\r') {
                int e = pb.read();
                if (e != '\n') { // two bare CRs: two line ends
                    if (e >= 0) pb.unread(e);
                    pb.unread(d);
                }
            } else if (d >= 0 && d != '\n') {
                pb.unread(d);
            }
            out.add((int) '\n');
            return '\r';
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            int n = 0;
            while (n < len) {
                int c = read();
                if (c < 0) break;
                b[off + n++] = (byte) c;
                if (out.isEmpty() && in.available() == 0) break; // never block for more than the caller needs
            }
            return n == 0 ? -1 : n;
        }

        @Override
        public int available() throws IOException {
            return out.size() + in.available();
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
