package postdesk.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded H2 database file and the backup that makes its migrations all-or-nothing. Before
 * migrations run, {@code BACKUP TO} writes a consistent copy beside the file ({@code
 * NAME.pre-migration.zip}, written under another name and renamed once complete and synced); it is
 * deleted once every migration is durable. A start that finds it knows the previous run died during
 * its migrations, whatever H2 had committed of them by then, and puts the copy back before the
 * database is opened.
 */
final class H2File {
    private static final Logger log = LoggerFactory.getLogger(H2File.class);
    private final Path base;

    private H2File(Path base) {
        this.base = base;
    }

    /**
     * The file behind a JDBC URL, for an embedded file database ({@code jdbc:h2:file:PATH},
     * {@code jdbc:h2:PATH}, {@code ~} for the home folder); empty for memory, server and other URLs.
     */
    static Optional<H2File> of(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("jdbc:h2:")) return Optional.empty();
        String rest = url.substring("jdbc:h2:".length());
        int settings = rest.indexOf(';');
        String name = settings < 0 ? rest : rest.substring(0, settings);
        if (name.toLowerCase(Locale.ROOT).startsWith("file:")) {
            name = name.substring("file:".length());
        } else if (name.matches("(?i)[a-z0-9]{2,}:.*")) {
            return Optional.empty(); // mem:, tcp:, ssl:, zip:, nio… : nothing of Postdesk's to protect
        }
        if (name.startsWith("~")) name = System.getProperty("user.home") + name.substring(1);
        return name.isBlank() ? Optional.empty() : Optional.of(new H2File(Path.of(name).toAbsolutePath().normalize()));
    }

    Path store() {
        return sibling(".mv.db");
    }

    Path backup() {
        return sibling(".pre-migration.zip");
    }

    private Path sibling(String suffix) {
        return base.resolveSibling(base.getFileName() + suffix);
    }

    /** Writes the backup (the caller has no other writer running). */
    void backUp(DSLContext dsl) {
        Path part = sibling(".pre-migration.zip.part");
        try {
            Files.deleteIfExists(part);
            dsl.execute("BACKUP TO '" + part.toString().replace("'", "''") + "'");
            sync(part);
            Files.move(part, backup(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            sync(backup().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot back up the database before migrating it (" + part + "): " + e.getMessage(), e);
        }
    }

    void dropBackup() {
        try {
            Files.deleteIfExists(backup());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + backup() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Puts the backup back when the previous run died during its migrations. The copy is unpacked
     * beside the file and renamed over it, so a crash here too leaves the backup to try again.
     */
    void restoreInterruptedMigration() {
        Path backup = backup();
        if (!Files.exists(backup)) return;
        log.warn("the last start died while migrating the database: restoring {} from {} and migrating again", store(), backup);
        Path restoring = sibling(".mv.db.restoring");
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(backup))) {
            boolean found = false;
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (!e.getName().endsWith(".mv.db")) continue;
                Files.copy(zip, restoring, StandardCopyOption.REPLACE_EXISTING);
                found = true;
                break;
            }
            if (!found) throw new IOException("no .mv.db file in it");
            sync(restoring);
            Files.move(restoring, store(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            sync(store().getParent());
            Files.delete(backup);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restore the database from " + backup + ": " + e.getMessage()
                    + " (restore it by hand: unzip it over " + store() + ", then delete it)", e);
        }
    }

    private static void sync(Path path) throws IOException {
        boolean folder = Files.isDirectory(path);
        try (FileChannel c = FileChannel.open(path, folder ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
            c.force(true);
        } catch (IOException e) {
            if (!folder) throw e; // some file systems cannot sync a folder; the file itself is synced
        }
    }
}
