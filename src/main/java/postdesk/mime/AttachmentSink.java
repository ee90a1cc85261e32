package postdesk.mime;

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

    /** The uploads of one mail, to be kept or undone together once it is known whether the mail was stored. */
    default Batch batch() {
        AttachmentSink whole = this;
        return new Batch() {
            @Override
            public Upload begin() throws IOException {
                return whole.begin();
            }

            @Override
            public void keep() {
            }

            @Override
            public void close() {
            }
        };
    }

    /** One attachment's content on its way in; ends with {@link #commit} or {@link #abort}. */
    interface Upload {
        void write(byte[] b, int off, int len) throws IOException;

        /** Keeps the content under its SHA-256 (hex). */
        void commit(String sha256) throws IOException;

        /** Drops what was written. */
        void abort();
    }

    /** One mail's uploads. */
    interface Batch extends AttachmentSink, AutoCloseable {
        /** The mail was stored: its files stay. */
        void keep();

        /**
         * Unless {@link #keep kept}: removes the files this batch created (never one that was
         * there before, nor one another mail being read uses too) and refuses any further
         * upload, so a reader still running after its mail was given up writes nothing more.
         */
        @Override
        void close();
    }
}
