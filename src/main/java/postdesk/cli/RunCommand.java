package postdesk.cli;

import java.time.Clock;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine.Command;

import postdesk.config.PostdeskConfig;
import postdesk.daemon.Postdesk;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the daemon: read the support mailbox, send mail, fire timers, serve the status page. "
                + "With imap.host=sandbox (the shipped config) an embedded test mail server is started too.")
final class RunCommand extends ConfigCommand {
    private static final long FORCED_EXIT_MILLIS = 30_000;

    @Override
    public Integer call() throws Exception {
        PostdeskConfig config = config();
        LogFormat.use(config.logFormat());
        Postdesk daemon = Postdesk.start(config, Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // a shutdown that hangs must not keep the process: give up after 30 s
            Thread watchdog = new Thread(() -> {
                try {
                    Thread.sleep(FORCED_EXIT_MILLIS);
                    System.err.println("postdesk: shutdown took longer than 30 s, forcing exit");
                    Runtime.getRuntime().halt(1);
                } catch (InterruptedException ignored) {
                    // shutdown finished in time
                }
            }, "postdesk-shutdown-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
            // a second SIGTERM (or Ctrl-C) while the mail in hand is finished forces the exit at once
            for (String name : new String[] {"TERM", "INT"}) {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
                    System.err.println("postdesk: second SIG" + name + ", forcing exit");
                    Runtime.getRuntime().halt(1);
                });
            }
            daemon.close();
            stopped.countDown();
            watchdog.interrupt();
            // an orderly stop is a success: exit 0, not the JVM's 143 for SIGTERM (systemd counts that as failed)
            Runtime.getRuntime().halt(0);
        }, "postdesk-shutdown"));
        stopped.await();
        return 0;
    }
}
