package postdesk.store;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;

import postdesk.inbound.AttachmentSink;

/**
 * Attachment content in a content-addressed folder: {@code DIR/ab/abcdef…} named by the SHA-256
 * of the content. The same file sent twice is stored once; a name from a mail never becomes a
 * path (only the hash does), so no filename can escape the folder. Content is written to a
 * temporary file first and moved into place, so a crash never leaves half a file under a hash.
 */
public final class AttachmentFiles implements AttachmentSink {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private final Path dir;
    private final Path tmp;

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

    @Override
    public Upload begin() throws IOException {
        Path file = Files.createTempFile(tmp, "in-", ".part");
        OutputStream out = Files.newOutputStream(file);
        return new Upload() {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void commit(String sha256) throws IOException {
                out.close();
                Path target = pathOf(sha256);
                if (Files.exists(target)) {
                    Files.deleteIfExists(file);
                    return;
                }
                Files.createDirectories(target.getParent());
                try {
                    Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
                    if (Files.exists(target)) {
                        Files.deleteIfExists(file);
                    } else {
                        Files.move(file, target);
                    }
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
}
