package postdesk.inbound;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Puts a raw mail into the shape the MIME parser expects: an mbox {@code From } separator line
 * and blank lines before the headers are skipped (archives and some MTAs leave them), and a mail
 * whose lines end in a bare CR (old Mac) is read with CRLF line ends.
 */
final class MailInput {
    private static final int PEEK = 16 * 1024;

    private MailInput() {
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
        if (startsWith(head, skip, "From ")) {
            int end = lineEnd(head, skip);
            if (end >= 0) {
                skip = next(head, end);
                warnings.add("mbox 'From ' line skipped");
            }
        }
        in.skipNBytes(skip);
        int firstEnd = lineEnd(head, skip);
        boolean bareCr = firstEnd >= 0 && head[firstEnd] == '\r' && (firstEnd + 1 >= head.length || head[firstEnd + 1] != '\n');
        if (bareCr) {
            warnings.add("bare CR line endings");
            return new CrToCrlf(in);
        }
        return in;
    }

    /** Index of the first CR or LF at or after {@code from}, or -1. */
    private static int lineEnd(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == '\n' || b[i] == '\r') return i;
        }
        return -1;
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

    /** Turns every CR that is not followed by LF into CRLF. */
    private static final class CrToCrlf extends FilterInputStream {
        private int pending = -1;
        private boolean lastWasCr;

        CrToCrlf(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            if (pending >= 0) {
                int p = pending;
                pending = -1;
                return p;
            }
            int c = super.read();
            if (lastWasCr && c != '\n') {
                lastWasCr = c == '\r';
                pending = c;
                return '\n';
            }
            lastWasCr = c == '\r';
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            int n = 0;
            while (n < len) {
                int c = read();
                if (c < 0) break;
                b[off + n++] = (byte) c;
                if (n > 0 && super.available() == 0 && pending < 0 && !lastWasCr) break;
            }
            return n == 0 ? -1 : n;
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
