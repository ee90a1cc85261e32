package postdesk.inbound;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Decodes a part with {@code Content-Transfer-Encoding: x-uuencode} (old clients), one line at a time. */
final class Uudecode extends InputStream {
    private final BufferedReader lines;
    private byte[] current = new byte[0];
    private int pos;
    private boolean done;

    Uudecode(InputStream encoded) {
        this.lines = new BufferedReader(new InputStreamReader(encoded, StandardCharsets.ISO_8859_1));
    }

    static boolean isUuencoding(String transferEncoding) {
        return transferEncoding != null && transferEncoding.strip().toLowerCase(java.util.Locale.ROOT).matches("x-uuencode|x-uue|uuencode|uue");
    }

    @Override
    public int read() throws IOException {
        while (pos >= current.length) {
            if (done || !nextLine()) return -1;
        }
        return current[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = 0;
        while (n < len) {
            int c = read();
            if (c < 0) break;
            b[off + n++] = (byte) c;
        }
        return n == 0 && len > 0 ? -1 : n;
    }

    private boolean nextLine() throws IOException {
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.startsWith("begin ") || line.isBlank()) continue;
            if (line.equals("end") || line.equals("`")) {
                done = true;
                return false;
            }
            current = decodeLine(line);
            pos = 0;
            return true;
        }
        done = true;
        return false;
    }

    private static byte[] decodeLine(String line) {
        int length = (line.charAt(0) - 32) & 63;
        byte[] out = new byte[length];
        int o = 0;
        for (int i = 1; o < length && i < line.length(); i += 4) {
            int c0 = sixBits(line, i);
            int c1 = sixBits(line, i + 1);
            int c2 = sixBits(line, i + 2);
            int c3 = sixBits(line, i + 3);
            if (o < length) out[o++] = (byte) (c0 << 2 | c1 >> 4);
            if (o < length) out[o++] = (byte) (c1 << 4 | c2 >> 2);
            if (o < length) out[o++] = (byte) (c2 << 6 | c3);
        }
        return o == length ? out : java.util.Arrays.copyOf(out, o);
    }

    private static int sixBits(String line, int i) {
        return i < line.length() ? (line.charAt(i) - 32) & 63 : 0;
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
