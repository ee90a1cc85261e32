package postdesk.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
    @TempDir
    Path dir;

    private String url() {
        return "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    }

    @Test
    void h2FilesCommitToDiskAtOnceAndAreClosedByTheDaemon() {
        assertThat(Database.h2Options(url())).endsWith(";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
        assertThat(Database.h2Options(url() + ";WRITE_DELAY=100")).doesNotContain("WRITE_DELAY=0");
        assertThat(Database.h2Options("jdbc:postgresql://127.0.0.1/postdesk")).isEqualTo("jdbc:postgresql://127.0.0.1/postdesk");
    }

    /** A process killed during a migration: H2 kept half of it, Flyway recorded it as failed. */
    @Test
    void aMigrationInterruptedHalfWayIsRepairedAndRunAgain() throws Exception {
        try (Database db = Database.open(url(), "", "")) {
            assertThat(db.migrate()).isGreaterThanOrEqualTo(8);
            // the last migration, V8, did not get to add its column, and the history says it failed
            db.dsl().execute("ALTER TABLE attachment DROP COLUMN content_id");
            db.dsl().execute("UPDATE \"flyway_schema_history\" SET \"success\" = FALSE WHERE \"version\" = '8'");
        }
        try (Database db = Database.open(url(), "", "")) {
            assertThat(db.migrate()).isEqualTo(1);
            assertThat(db.dsl().fetchCount(db.dsl().selectFrom("attachment").where("content_id IS NULL"))).isZero();
        }
    }
}
