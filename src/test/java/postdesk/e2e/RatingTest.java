package postdesk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static postdesk.testing.MailWorld.AGENT1;
import static postdesk.testing.MailWorld.ALICE;
import static postdesk.testing.MailWorld.text;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import postdesk.store.RatingStore;
import postdesk.ticket.Status;

/**
 * Satisfaction ratings end to end: the closing mail's five signed links, clicked with a real HTTP
 * client against the daemon's server on loopback, and a reply with a number to the closing mail.
 */
class RatingTest extends OpenTicketCase {
    private static final Pattern LINK = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+)(/rate/[a-z0-9.-]+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    /** agent1 takes the ticket and closes it; returns Alice's closing mail. */
    private MimeMessage closeByAgent() throws Exception {
        world.reply(AGENT1, "Agent One", notification, "#assign me\n#category Network\n#status closed");
        MimeMessage closing = lastTo(ALICE, 2);
        assertThat(text(closing)).contains("is now closed");
        return closing;
    }

    /** The paths of the rating links in a mail, score 1 first. */
    private static List<String> links(MimeMessage mail) {
        Matcher m = LINK.matcher(text(mail));
        List<String> paths = new java.util.ArrayList<>();
        while (m.find()) paths.add(m.group(2));
        return paths;
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + world.daemon().httpPort() + path));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postComment(String path, String comment) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + world.daemon().httpPort() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("comment=" + URLEncoder.encode(comment, StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private RatingStore ratings() {
        return new RatingStore(world.daemon().db().dsl());
    }

    private String metrics() throws Exception {
        return get("/metrics", null).body();
    }

    @Test
    void aClickRatesTheTicketOnceAndASecondClickUpdatesIt() throws Exception {
        MimeMessage closing = closeByAgent();
        Matcher base = LINK.matcher(text(closing));
        assertThat(base.find()).isTrue();
        assertThat(base.group(1)).isEqualTo("http://127.0.0.1:" + world.daemon().httpPort()); // the server's own address
        List<String> links = links(closing);
        assertThat(links).hasSize(5);
        for (int score = 1; score <= 5; score++) assertThat(links.get(score - 1)).contains("." + score + ".");
        assertThat(html(closing)).contains(links.get(4));

        HttpResponse<String> five = get(links.get(4), null);
        assertThat(five.statusCode()).isEqualTo(200);
        assertThat(five.body()).contains("5 of 5").contains("<form method=\"post\"");
        RatingStore.Rating stored = ratings().find(id).orElseThrow();
        assertThat(stored.score()).isEqualTo(5);
        assertThat(stored.via()).isEqualTo("link");
        assertThat(world.events(id, "rated")).containsExactly("5 of 5 by link");

        String board = get("/", null).body();
        assertThat(board).contains("Satisfaction").contains("agent1@helpdesk.test").contains("Network").contains("5.0");
        assertThat(metrics()).contains("postdesk_satisfaction_ratings_total{agent=\"agent1@helpdesk.test\"} 1")
                .contains("postdesk_satisfaction_ratings_total{category=\"Network\"} 1")
                .contains("postdesk_satisfaction_score_avg{agent=\"agent1@helpdesk.test\"} 5.0000")
                .contains("postdesk_satisfaction_score_avg 5.0000");

        // another score, then the same link again: one rating, the latest, and the page says so
        HttpResponse<String> two = get(links.get(1), null);
        assertThat(two.body()).contains("2 of 5").contains("rated this ticket before (5 of 5)");
        assertThat(get(links.get(1), null).body()).contains("rated this ticket before (2 of 5)");
        assertThat(ratings().find(id).orElseThrow().score()).isEqualTo(2);
        assertThat(ratings().overall().count()).isEqualTo(1);
        assertThat(metrics()).contains("postdesk_satisfaction_ratings_total{agent=\"agent1@helpdesk.test\"} 1")
                .contains("postdesk_satisfaction_score_avg{agent=\"agent1@helpdesk.test\"} 2.0000");

        // the comment form; what the customer typed is shown escaped
        HttpResponse<String> commented = postComment(links.get(1), "Slow, but <b>solved</b> & polite");
        assertThat(commented.statusCode()).isEqualTo(200);
        assertThat(commented.body()).contains("comment was saved").contains("&lt;b&gt;solved&lt;/b&gt; &amp; polite")
                .doesNotContain("<b>solved</b>");
        assertThat(ratings().find(id).orElseThrow().comment()).isEqualTo("Slow, but <b>solved</b> & polite");
        assertThat(postComment(links.get(1), "x".repeat(3000)).statusCode()).isEqualTo(200);
        assertThat(ratings().find(id).orElseThrow().comment()).hasSize(2000);
        assertThat(postComment(links.get(1), "y".repeat(40_000)).statusCode()).isEqualTo(400); // over the form's 32 KB
        assertThat(ratings().find(id).orElseThrow().comment()).startsWith("xxx");

        JsonNode api = JSON.readTree(get("/api/tickets/" + id.value(), null).body());
        assertThat(api.get("rating").get("score").asInt()).isEqualTo(2);
        assertThat(api.get("rating").get("comment").asText()).startsWith("xxx");
        assertThat(get("/tickets/" + id.value(), null).body()).contains("2 of 5");
        assertThat(ticket().status()).isEqualTo(Status.CLOSED);
    }

    @Test
    void tamperedAndExpiredLinksAreRefusedAndStoreNothing() throws Exception {
        List<String> links = links(closeByAgent());
        String one = links.get(0);
        String tampered = one.replace(".1.", ".5."); // the score changed, the signature not
        HttpResponse<String> bad = get(tampered, null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("not valid");
        assertThat(get("/rate/", null).statusCode()).isEqualTo(400);
        assertThat(get("/rate/tkt-abcde-2345.5.zzz.aaaaaaaaaaaaaaaa", null).statusCode()).isEqualTo(400);
        assertThat(postComment(tampered, "forged").statusCode()).isEqualTo(400);
        assertThat(ratings().find(id)).isEmpty();

        world.clock.advance(Duration.ofDays(31)); // rating.expiry is 30 days from the close
        HttpResponse<String> expired = get(one, null);
        assertThat(expired.statusCode()).isEqualTo(410);
        assertThat(expired.body()).contains("expired");
        assertThat(ratings().find(id)).isEmpty();
        assertThat(world.events(id, "rated")).isEmpty();
        assertThat(get("/", null).body()).contains("No ratings yet");
    }

    @Test
    void aReplyWithANumberRatesAndOpensNoTicket() throws Exception {
        MimeMessage closing = closeByAgent();
        world.settle();
        int agentMails = world.inbox(AGENT1).size();
        world.reply(ALICE, "Alice Example", closing, "4\nThanks!");
        await().atMost(Duration.ofSeconds(20)).until(() -> ratings().find(id).isPresent());
        world.settle();
        RatingStore.Rating r = ratings().find(id).orElseThrow();
        assertThat(r.score()).isEqualTo(4);
        assertThat(r.comment()).isEqualTo("Thanks!");
        assertThat(r.via()).isEqualTo("reply");
        assertThat(ticket().status()).isEqualTo(Status.CLOSED);
        assertThat(world.store().count(null, null)).isEqualTo(1); // no follow-up ticket
        assertThat(world.inbox(ALICE)).hasSize(2); // no acknowledgement
        assertThat(world.inbox(AGENT1)).hasSize(agentMails);
        assertThat(world.events(id, "rated")).containsExactly("4 of 5 by reply, with a comment");
        assertThat(metrics()).contains("postdesk_satisfaction_ratings_total{category=\"Network\"} 1");

        // words that merely hold a number are a new question: the usual follow-up
        world.reply(ALICE, "Alice Example", closing, "I tried 3 times and it still fails");
        await().atMost(Duration.ofSeconds(20)).until(() -> world.store().count(null, null) == 2);
        assertThat(ratings().find(id).orElseThrow().score()).isEqualTo(4);

        // past rating.expiry a number is a new ticket too
        world.settle();
        world.clock.advance(Duration.ofDays(31));
        world.reply(ALICE, "Alice Example", closing, "5");
        await().atMost(Duration.ofSeconds(20)).until(() -> world.store().count(null, null) == 3);
        assertThat(ratings().find(id).orElseThrow().score()).isEqualTo(4);
    }

    @Test
    void theAutoCloseNoticeAsksForARatingToo() throws Exception {
        world.reply(AGENT1, "Agent One", notification, "Try the new client, please.");
        lastTo(ALICE, 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> ticket().status() == Status.AWAITING_CUSTOMER);
        world.clock.advance(Duration.ofHours(49));
        world.daemon().fireTimers();
        MimeMessage notice = world.awaitInbox(ALICE, 4).stream().filter(m -> text(m).contains("have not heard from you"))
                .findFirst().orElseThrow();
        assertThat(links(notice)).hasSize(5);
        assertThat(get(links(notice).get(3), null).statusCode()).isEqualTo(200);
        assertThat(ratings().find(id).orElseThrow().score()).isEqualTo(4);
    }

    @Test
    void aTokenProtectedServerLetsTheRatingLinkThroughButNotTheBoard() throws Exception {
        List<String> links = links(closeByAgent());
        world.settle();
        world.stop();
        world.with("POSTDESK_HTTP_TOKEN", "board-secret");
        world.start();
        assertThat(get("/", null).statusCode()).isEqualTo(401);
        assertThat(get("/metrics", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/tickets/" + id.value(), null).statusCode()).isEqualTo(401);
        assertThat(get(links.get(2), null).statusCode()).isEqualTo(200);
        assertThat(postComment(links.get(2), "fine").statusCode()).isEqualTo(200);
        assertThat(get(links.get(2).replace(".3.", ".4."), null).statusCode()).isEqualTo(400);
        assertThat(ratings().find(id).orElseThrow()).extracting(RatingStore.Rating::score, RatingStore.Rating::comment)
                .containsExactly(3, "fine");
        assertThat(get("/", "board-secret").body()).contains("3.0");
    }

    @Test
    void withRatingOffTheClosingMailAsksNothingAndANumberIsANewQuestion() throws Exception {
        world.stop();
        world.with("POSTDESK_RATING", "off");
        world.start();
        MimeMessage closing = closeByAgent();
        assertThat(text(closing)).doesNotContain("/rate/").doesNotContain("How did we do");
        world.reply(ALICE, "Alice Example", closing, "5");
        await().atMost(Duration.ofSeconds(20)).until(() -> world.store().count(null, null) == 2);
        assertThat(ratings().find(id)).isEmpty();
    }

    /** The HTML part of a mail, where the links are anchors. */
    private static String html(MimeMessage m) throws Exception {
        jakarta.mail.Multipart mp = (jakarta.mail.Multipart) m.getContent();
        for (int i = 0; i < mp.getCount(); i++) {
            if (mp.getBodyPart(i).isMimeType("text/html")) return (String) mp.getBodyPart(i).getContent();
        }
        return "";
    }
}
