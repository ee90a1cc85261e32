package postdesk.inbound;

import java.io.IOException;

/** Where the parser streams attachment content while it reads a mail. */
public interface AttachmentSink {
    /** Keeps nothing: for reading without storing ({@code parse}, classification). */
    AttachmentSink DISCARD = () -> new Upload() {
        @Override
        public void write(byte[] b, int off, int len) {
        }

        @Override
        public void commit(String sha256) {
        }

        @Override
        public void abort() {
        }
    };

    Upload begin() throws IOException;

    /** One attachment's content on its way in; ends with {@link #commit} or {@link #abort}. */
    interface Upload {
        void write(byte[] b, int off, int len) throws IOException;

        /** Keeps the content under its SHA-256 (hex). */
        void commit(String sha256) throws IOException;

        /** Drops what was written. */
        void abort();
    }
}
