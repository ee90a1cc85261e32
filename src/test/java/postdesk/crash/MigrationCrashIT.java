package postdesk.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kill during the very first start's migrations (issue 14): the real jar's {@code migrate} on a
 * fresh H2 file, SIGKILLed ever later (until a run gets to the end), must leave a database that the
 * next start migrates in full and that holds every table. The migrations done at each kill are
 * printed, so a run shows where its kills landed.
 */
class MigrationCrashIT {
    private static final long SEED = Long.getLong("crash.seed", 20261204L);
    private static final int KILLS = 30;

    @TempDir
    Path dir;

    private String url() {
        return "jdbc:h2:file:" + dir.resolve("db/postdesk").toAbsolutePath() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
    }

    private Process migrate() throws Exception {
        Path jar = Path.of("target", "postdesk.jar").toAbsolutePath();
        assertThat(jar).as("the jar (this test runs after package)").exists();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toString(), "migrate");
        pb.directory(Files.createDirectories(dir.resolve("work")).toFile());
        pb.environment().putAll(Map.of("POSTDESK_IMAP_HOST", "sandbox", "POSTDESK_SMTP_HOST", "sandbox",
                "POSTDESK_ADDRESS", "support@helpdesk.test", "POSTDESK_DB_URL", url()));
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("migrate.log").toFile()));
        return pb.start();
    }

    /** Successful migrations in the history, or -1 while there is no history table yet. */
    private int applied() throws Exception {
        try (Connection c = DriverManager.getConnection(url() + ";IFEXISTS=TRUE", "", "");
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"success\" AND \"version\" IS NOT NULL")) {
            r.next();
            return r.getInt(1);
        } catch (java.sql.SQLException e) {
            return -1;
        }
    }

    @Test
    void killsDuringTheFirstMigrationsLeaveADatabaseTheNextStartMigrates() throws Exception {
        Random random = new Random(SEED);
        List<String> states = new ArrayList<>();
        for (int k = 0; k < KILLS && applied() < 9; k++) {
            Process p = migrate();
            // ever later kills: before the database is opened, during the migrations, after them
            Thread.sleep(800 + 50L * k + random.nextInt(80));
            p.destroyForcibly(); // SIGKILL
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            states.add(Integer.toString(applied()));
        }
        System.out.println("migrations applied after each kill: " + String.join(", ", states) + " (seed " + SEED + ")");

        Process last = migrate();
        assertThat(last.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(last.exitValue()).as(Files.readString(dir.resolve("migrate.log"))).isZero();
        assertThat(applied()).isGreaterThanOrEqualTo(9);
        try (Connection c = DriverManager.getConnection(url(), "", ""); Statement s = c.createStatement()) {
            for (String table : List.of("ticket", "message", "outbox", "processed_mail", "quarantine", "auto_mail", "ticket_event",
                    "attachment", "customer")) {
                try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    assertThat(r.next()).as(table).isTrue();
                }
            }
        }
    }
}
