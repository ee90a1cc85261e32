package postdesk.mail;

/** Where a mail's header block ends: at its first empty line, with CRLF or bare LF line ends. */
public final class HeaderBlock {
    private HeaderBlock() {
    }

    /** Whether {@code current}, after {@code oneBack} and {@code twoBack}, is the LF that ends an empty line. */
    public static boolean endsHeader(int twoBack, int oneBack, int current) {
        return current == '\n' && (oneBack == '\n' || oneBack == '\r' && twoBack == '\n');
    }

    /** Index of the first body byte at or after {@code from}, or -1 when no empty line ends the header. */
    public static int bodyStart(byte[] b, int from) {
        for (int i = from + 1; i < b.length; i++) {
            if (endsHeader(i >= 2 ? b[i - 2] : -1, b[i - 1], b[i])) return i + 1;
        }
        return -1;
    }
}
