package postdesk.store;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.tools.jdbc.JDBCUtils;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The connection pool, the migrations in {@code sql/} (run by Flyway from the classpath), and
 * jOOQ on top. The same generated classes run on H2 (any mode) and PostgreSQL because names
 * are rendered unquoted.
 */
public final class Database implements AutoCloseable {
    private static final int DEADLOCK_RETRIES = 5;
    private final HikariDataSource dataSource;
    private final DSLContext dsl;
    private final boolean h2;
    private static final int IDENTITY_CACHE = 1000;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        this.h2 = dataSource.getJdbcUrl().startsWith("jdbc:h2:");
        SQLDialect dialect = JDBCUtils.dialect(dataSource.getJdbcUrl());
        this.dsl = DSL.using(dataSource, dialect, new Settings()
                .withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_UNQUOTED)
                .withExecuteLogging(false));
    }

    public static Database open(String url, String user, String password) {
        H2File.of(url).ifPresent(H2File::restoreInterruptedMigration);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(h2Options(url));
        config.setUsername(user);
        config.setPassword(password);
        config.setPoolName("postdesk");
        config.setMaximumPoolSize(8);
        // fail fast with a clear error when the database is unreachable at start-up
        config.setInitializationFailTimeout(10_000);
        config.setConnectionTimeout(10_000);
        return new Database(new HikariDataSource(config));
    }

    /**
     * Three H2 settings the daemon's promises and speed depend on, unless the URL sets them itself.
     * <ul>
     * <li>{@code DB_CLOSE_ON_EXIT=FALSE}: H2 closes a file database in its own shutdown hook, which on
     * SIGTERM would run beside the daemon's orderly stop and could lose the "sent" mark of a mail SMTP
     * already accepted (it would then go out twice). The daemon closes the database itself, last.</li>
     * <li>{@code WRITE_DELAY=0}: by default H2 writes commits to the file up to 500 ms later, so a
     * killed process (SIGKILL, OOM killer) loses its last commits; the mail was already moved to the
     * processed folder and would be lost with them. The crash test found this.</li>
     * <li>{@code QUERY_CACHE_SIZE=256}: H2 parses every statement again unless it is in the
     * session's cache of parsed statements, 8 by default; one mail runs some 25 different ones, so
     * with 8 every statement was parsed again (13 % of the ingest's CPU).</li>
     * </ul>
     */
    static String h2Options(String url) {
        if (!url.startsWith("jdbc:h2:")) return url;
        String upper = url.toUpperCase(java.util.Locale.ROOT);
        String out = url;
        if (!upper.contains("DB_CLOSE_ON_EXIT")) out += ";DB_CLOSE_ON_EXIT=FALSE";
        if (!upper.contains("WRITE_DELAY") && !upper.startsWith("JDBC:H2:MEM:")) out += ";WRITE_DELAY=0";
        if (!upper.contains("QUERY_CACHE_SIZE")) out += ";QUERY_CACHE_SIZE=256";
        return out;
    }

    /**
     * Applies pending migrations; returns how many ran. On an H2 file the database is first backed
     * up beside itself ({@link H2File}): H2 runs some {@code ALTER TABLE}s as copy, drop and rename,
     * each committed on its own, so a process killed between the drop and the rename loses the
     * table. The next start puts the backup back and runs the migrations again.
     */
    public int migrate() {
        int applied = migrateSchema();
        if (h2) cacheIdentities();
        return applied;
    }

    private int migrateSchema() {
        Optional<H2File> file = H2File.of(dataSource.getJdbcUrl());
        Flyway flyway = flyway(dataSource);
        if (file.isEmpty() || flyway.info().pending().length == 0) return migrate(flyway);
        file.get().backUp(dsl);
        int applied = migrate(flyway);
        barrier();
        file.get().dropBackup();
        return applied;
    }

    /**
     * H2 writes an identity's next value to the store, in a commit of its own, every time the
     * values it handed out reach its cache (32 by default): those writes took a tenth of the
     * ingest's apply step. With a cache of {@value #IDENTITY_CACHE} a crash leaves a gap in the
     * numbers, never a number used twice, and numbers still rise in order (H2's cache is the
     * database's, not a session's). PostgreSQL keeps its default: its caches are per session, and
     * the outbox relies on ids rising in queue order.
     */
    private void cacheIdentities() {
        for (var column : dsl.resultQuery("SELECT table_name, column_name FROM information_schema.columns"
                + " WHERE table_schema = CURRENT_SCHEMA AND is_identity = 'YES' AND identity_cache < " + IDENTITY_CACHE).fetch()) {
            dsl.execute("ALTER TABLE " + column.get(0, String.class) + " ALTER COLUMN " + column.get(1, String.class)
                    + " SET CACHE " + IDENTITY_CACHE);
        }
    }

    private static Flyway flyway(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .callbacks(new DurableMigrations())
                .load();
    }

    /**
     * Every statement of the migrations is idempotent ({@code IF NOT EXISTS}): on PostgreSQL a
     * migration is one transaction, but should one be recorded as failed (H2 commits each DDL
     * statement on its own) the history is repaired and the migration simply runs again.
     */
    private static int migrate(Flyway flyway) {
        try {
            return flyway.migrate().migrationsExecuted;
        } catch (org.flywaydb.core.api.FlywayException e) {
            if (!String.valueOf(e.getMessage()).contains("failed migration")) throw e;
            org.slf4j.LoggerFactory.getLogger(Database.class)
                    .warn("a migration was interrupted (the process died during it): repairing the schema history and running it again");
            flyway.repair();
            return flyway.migrate().migrationsExecuted;
        }
    }

    public DSLContext dsl() {
        return dsl;
    }

    /**
     * The durable barrier: every commit so far is on disk when this returns. Callers pass it before
     * they act outside the database on what they committed: moving mail on the server, handing
     * mail to SMTP. On H2, {@code CHECKPOINT SYNC} writes the store and syncs it (about a
     * millisecond; it needs an admin user, as the settings Postdesk puts on an H2 URL do already);
     * PostgreSQL's commit is durable already ({@code synchronous_commit} on).
     */
    public void barrier() {
        if (h2) dsl.execute("CHECKPOINT SYNC");
    }

    /**
     * H2 commits each DDL statement on its own and writes the store behind the statements: a
     * migration, and the history row that records it, are synced before the next one begins, so a
     * kill during the first start leaves a history that matches the tables.
     */
    private static final class DurableMigrations implements Callback {
        private static final Set<Event> SYNC_AT = EnumSet.of(
                Event.BEFORE_EACH_MIGRATE, Event.AFTER_EACH_MIGRATE,
                Event.AFTER_MIGRATE);

        @Override
        public boolean supports(Event event, Context context) {
            return SYNC_AT.contains(event);
        }

        @Override
        public boolean canHandleInTransaction(Event event, Context context) {
            return true;
        }

        @Override
        public void handle(Event event, Context context) {
            try {
                if (!context.getConnection().getMetaData().getURL().startsWith("jdbc:h2:")) return;
                try (Statement s = context.getConnection().createStatement()) {
                    s.execute("CHECKPOINT SYNC");
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot sync the database after a migration step: " + e.getMessage(), e);
            }
        }

        @Override
        public String getCallbackName() {
            return "postdesk-durable-migrations";
        }
    }

    /**
     * Runs {@code work} in one transaction: all of it commits, or none of it. A transaction the
     * database rolled back to break a deadlock (SQLSTATE class 40: H2 and PostgreSQL pick a victim
     * when, say, the outbox's senders mark mail sent while the poller queues more) is run again, up
     * to {@link #DEADLOCK_RETRIES} times: {@code work} only touches the database.
     */
    public <T> T transaction(Function<DSLContext, T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return dsl.transactionResult(cfg -> work.apply(cfg.dsl()));
            } catch (org.jooq.exception.DataAccessException e) {
                if (attempt >= DEADLOCK_RETRIES || !rolledBackByTheDatabase(e)) throw e;
                try {
                    Thread.sleep(5L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static boolean rolledBackByTheDatabase(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("40")) return true;
        }
        return false;
    }

    /** A cheap round trip, for health checks. */
    public boolean ping() {
        try {
            dsl.selectOne().fetch();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** H2's "database is already closed". */
    private static final int H2_DATABASE_CLOSED = 90121;

    /**
     * On an H2 file, rewrites the file with only the live data ({@code SHUTDOWN COMPACT}) so that
     * old copies of erased rows are gone from the disk too; the database is closed afterwards.
     * Needs the file to itself (no daemon running). False on PostgreSQL, which keeps old row
     * versions until its own vacuum.
     */
    public boolean compactFile() {
        if (!h2) return false;
        try (java.sql.Connection c = dataSource.getConnection(); java.sql.Statement st = c.createStatement()) {
            st.execute("SHUTDOWN COMPACT");
        } catch (java.sql.SQLException e) {
            // the statement's own connection sees the database close under it: that is the success
            if (e.getErrorCode() != H2_DATABASE_CLOSED) throw new IllegalStateException("cannot compact the database: " + e.getMessage(), e);
        }
        return true;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
