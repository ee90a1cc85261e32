package postdesk.store;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import postdesk.mime.AttachmentSink;

/**
 * Attachment content in a content-addressed folder: {@code DIR/ab/abcdef…} named by the SHA-256
 * of the content. The same file sent twice is stored once; a name from a mail never becomes a
 * path (only the hash does), so no filename can escape the folder. Content is written to a
 * temporary file first and moved into place, so a crash never leaves half a file under a hash.
 * A file written for a mail that is then not stored (quarantined, given up by the watchdog) is
 * removed again, unless it was there before or another mail uses it.
 */
public final class AttachmentFiles implements AttachmentSink {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Logger log = LoggerFactory.getLogger(AttachmentFiles.class);
    private final Path dir;
    private final Path tmp;
    /** Files created for mails not stored yet, with the mails being read that use them. */
    private final Map<String, Set<MailFiles>> unconfirmed = new HashMap<>();

    public AttachmentFiles(Path dir) {
        this.dir = dir;
        this.tmp = dir.resolve("tmp");
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create attachment folder " + dir + ": " + e.getMessage(), e);
        }
    }

    public Path pathOf(String sha256) {
        if (!SHA256.matcher(sha256).matches()) throw new IllegalArgumentException("not a SHA-256: " + sha256);
        return dir.resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    /**
     * Deletes the file of content no attachment row names any more (the caller checked); returns
     * whether it was there. A mail with the same content arriving that very moment would find it
     * gone: content is kept by hash, so erasure accepts that narrow window.
     */
    public boolean delete(String sha256) {
        try {
            return Files.deleteIfExists(pathOf(sha256));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete attachment file " + sha256 + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Upload begin() throws IOException {
        return upload(null);
    }

    @Override
    public Batch batch() {
        return new MailFiles();
    }

    private Upload upload(MailFiles batch) throws IOException {
        if (batch != null) batch.checkOpen();
        Path file = Files.createTempFile(tmp, "in-", ".part");
        OutputStream out = Files.newOutputStream(file);
        return new Upload() {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (batch != null) batch.checkOpen();
                out.write(b, off, len);
            }

            @Override
            public void commit(String sha256) throws IOException {
                out.close();
                try {
                    place(file, sha256, batch);
                } finally {
                    Files.deleteIfExists(file);
                }
            }

            @Override
            public void abort() {
                try {
                    out.close();
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // a stray temporary file is harmless
                }
            }
        };
    }

    /**
     * Moves a written file under its hash, unless that file is there already. Under the lock,
     * so that a batch being undone and another mail finding the same content agree on who
     * still needs the file.
     */
    private void place(Path file, String sha256, MailFiles batch) throws IOException {
        Path target = pathOf(sha256);
        synchronized (unconfirmed) {
            if (batch != null) batch.checkOpen();
            Set<MailFiles> users = unconfirmed.get(sha256);
            if (users != null) {
                // created for a mail not stored yet: this mail needs it too
                if (batch == null) {
                    unconfirmed.remove(sha256);
                } else {
                    users.add(batch);
                    batch.used.add(sha256);
                }
                return;
            }
            if (Files.exists(target)) return;
            Files.createDirectories(target.getParent());
            try {
                Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
                if (Files.exists(target)) return;
                Files.move(file, target);
            }
            if (batch != null) {
                unconfirmed.put(sha256, new HashSet<>(Set.of(batch)));
                batch.used.add(sha256);
            }
        }
    }

    /** The files of one mail; those it created stay unconfirmed until the mail is stored. */
    private final class MailFiles implements Batch {
        final Set<String> used = new HashSet<>();
        private volatile boolean closed;

        @Override
        public Upload begin() throws IOException {
            return upload(this);
        }

        void checkOpen() throws IOException {
            if (closed) throw new IOException("the mail was given up: no more attachment files are written for it");
        }

        @Override
        public void keep() {
            synchronized (unconfirmed) {
                for (String sha256 : used) unconfirmed.remove(sha256);
                used.clear();
            }
        }

        @Override
        public void close() {
            synchronized (unconfirmed) {
                closed = true;
                for (String sha256 : used) {
                    Set<MailFiles> users = unconfirmed.get(sha256);
                    if (users == null || !users.remove(this) || !users.isEmpty()) continue; // kept by another mail
                    unconfirmed.remove(sha256);
                    try {
                        Files.deleteIfExists(pathOf(sha256));
                    } catch (IOException e) {
                        log.warn("cannot remove attachment file {} of a mail not stored: {}", sha256, e.getMessage());
                    }
                }
                used.clear();
            }
        }
    }
}
