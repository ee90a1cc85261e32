package postdesk.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static postdesk.testing.MailWorld.AGENT1;
import static postdesk.testing.MailWorld.ALICE;
import static postdesk.testing.MailWorld.BOB;
import static postdesk.testing.MailWorld.MALLORY;
import static postdesk.testing.MailWorld.SUPPORT;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import postdesk.store.TicketStore;
import postdesk.testing.MailWorld;
import postdesk.ticket.Status;
import postdesk.ticket.TicketId;

/**
 * The status page in a real browser: headless Chromium from Debian's packages ({@code chromium},
 * {@code chromium-driver}, installed by {@code .ci/run}), driven by Selenium. Skipped, visibly,
 * where they are not installed. Screenshots go to {@code target/screenshots/}.
 */
class BrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    static Path dir;
    static MailWorld world;
    static ChromeDriver browser;
    static TicketId alices;
    static TicketId hostile;
    static TicketId pictured;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)");
        world = new MailWorld(dir);
        world.clock.set(java.time.Instant.now());
        world.start();
        world.send(ALICE, "Alice Example", SUPPORT, "Printer on fire", "It smokes.\n\nOn Mon, 2 Mar 2026 at 09:00, Bob <bob@customer.test> wrote:\n> The printer was fine yesterday.\n> Really.");
        alices = TicketId.findIn(world.awaitInbox(ALICE, 1).get(0).getSubject()).orElseThrow();
        world.reply(AGENT1, "Agent One", world.awaitInbox(AGENT1, 1).get(0), "Please unplug it now.");
        world.awaitInbox(ALICE, 2);
        world.sendRaw(BOB, "From: Bob <bob@customer.test>\r\nTo: support@helpdesk.test\r\n"
                + "Subject: <img src=x onerror=\"window.pwned=1\"> Invoice\r\nMessage-ID: <hostile-1@customer.test>\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n"
                + "<p>Hi <script>window.pwned=2</script><img src=x onerror=\"window.pwned=3\">"
                + "<a href=\"javascript:window.pwned=4\">click</a></p>\r\n");
        hostile = TicketId.findIn(world.awaitInbox(BOB, 1).get(0).getSubject()).orElseThrow();
        world.sendRaw(MALLORY, MailFilesTest.htmlMail(MALLORY, MailFilesTest.png()));
        pictured = TicketId.findIn(world.awaitInbox(MALLORY, 1).get(0).getSubject()).orElseThrow();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                new TicketStore(world.daemon().db().dsl()).find(alices).orElseThrow().status() == Status.AWAITING_CUSTOMER);

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.quit();
        if (world != null) world.close();
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + world.daemon().httpPort() + path;
    }

    private static void screenshot(String name) throws Exception {
        Path out = Path.of("target", "screenshots", name + ".png");
        Files.createDirectories(out.getParent());
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void theBoardsTabsAndCountsMatchTheDatabase() throws Exception {
        browser.manage().window().setSize(new Dimension(1280, 900));
        browser.get(url("/"));
        Map<Status, Integer> counts = new TicketStore(world.daemon().db().dsl()).countsByStatus();
        List<WebElement> tabs = browser.findElements(By.cssSelector(".tabs a"));
        assertThat(tabs).hasSize(Status.values().length + 1);
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(total).isEqualTo(3);
        assertThat(tabs.get(0).getText()).isEqualTo("All " + total);
        for (int i = 0; i < Status.values().length; i++) {
            Status s = Status.values()[i];
            assertThat(tabs.get(i + 1).findElement(By.className("count")).getText()).as(s.name())
                    .isEqualTo(Integer.toString(counts.getOrDefault(s, 0)));
        }
        assertThat(browser.findElements(By.cssSelector("tbody tr"))).hasSize(total);
        // the panel went live: health.js ran (allowed by the CSP) and read /healthz
        await().atMost(Duration.ofSeconds(10)).until(() -> "on".equals(browser.findElement(By.id("health")).getAttribute("data-live")));
        assertThat(browser.findElement(By.id("health-status")).getText()).isEqualTo("Mail flows");
        screenshot("board");

        browser.findElement(By.partialLinkText("Awaiting customer")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().contains("status="));
        List<WebElement> rows = browser.findElements(By.cssSelector("tbody tr"));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).getText()).contains(alices.value()).contains("Printer on fire");

        browser.get(url("/"));
        WebElement search = browser.findElement(By.id("q"));
        search.sendKeys("invoice");
        search.submit();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().contains("q=invoice")
                && browser.findElements(By.cssSelector("tbody tr")).size() == 1); // the results page has loaded
        assertThat(browser.findElements(By.cssSelector("tbody tr"))).hasSize(1).first()
                .satisfies(r -> assertThat(r.getText()).contains(hostile.value()));
    }

    @Test
    void aTicketPageShowsTheConversationCustomerAndSupportApart() throws Exception {
        browser.manage().window().setSize(new Dimension(1280, 900));
        browser.get(url("/tickets/" + alices.value()));
        List<WebElement> messages = browser.findElements(By.cssSelector("article.message"));
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).getAttribute("class")).contains("customer");
        assertThat(messages.get(0).getText()).contains("It smokes.");
        assertThat(messages.get(1).getAttribute("class")).contains("support");
        assertThat(messages.get(1).getText()).contains("Please unplug it now.");
        // quoted history is folded until asked for
        WebElement quoted = messages.get(0).findElement(By.tagName("details"));
        assertThat(quoted.getAttribute("open")).isNull();
        quoted.findElement(By.tagName("summary")).click();
        assertThat(quoted.getAttribute("open")).isNotNull();
        assertThat(browser.findElement(By.className("facts")).getText()).contains("First response").contains("met");
        assertThat(browser.findElement(By.className("events")).getText()).contains("agent_reply");
        screenshot("ticket");
    }

    @Test
    void hostileMailExecutesNothing() throws Exception {
        browser.get(url("/tickets/" + hostile.value()));
        String htmlView = browser.findElement(By.linkText("View the HTML mail")).getAttribute("href");
        for (String path : List.of("/", "/tickets/" + hostile.value(), htmlView.substring(htmlView.indexOf("/tickets/")))) {
            browser.get(url(path));
            for (WebElement link : browser.findElements(By.tagName("a"))) {
                assertThat(String.valueOf(link.getAttribute("href"))).doesNotStartWith("javascript:");
            }
            Object pwned = ((JavascriptExecutor) browser).executeScript("return window.pwned === undefined ? null : window.pwned;");
            assertThat(pwned).as(path).isNull();
        }
        assertThat(browser.getPageSource()).contains("&lt;img src=x onerror=");
    }

    @Test
    void aPastedPictureShowsInTheTicketAndInTheMailsOwnHtml() throws Exception {
        browser.manage().window().setSize(new Dimension(1280, 900));
        browser.get(url("/tickets/" + pictured.value()));
        WebElement figure = browser.findElement(By.cssSelector("figure.inline-image img"));
        assertThat(naturalWidth(figure)).isEqualTo(2L);
        browser.findElement(By.linkText("View the HTML mail")).click();
        WebElement inMail = browser.findElement(By.cssSelector(".mail-html img"));
        assertThat(inMail.getAttribute("alt")).isEqualTo("screenshot");
        assertThat(naturalWidth(inMail)).isEqualTo(2L);
        assertThat(browser.findElement(By.cssSelector(".mail-html")).getText()).contains("[remote tracker not loaded]");
        Object pwned = ((JavascriptExecutor) browser).executeScript("return window.pwned === undefined ? null : window.pwned;");
        assertThat(pwned).isNull();
        screenshot("mail-html");
    }

    private static Object naturalWidth(WebElement img) {
        await().atMost(Duration.ofSeconds(10)).until(() -> Boolean.TRUE.equals(
                ((JavascriptExecutor) browser).executeScript("return arguments[0].complete;", img)));
        return ((JavascriptExecutor) browser).executeScript("return arguments[0].naturalWidth;", img);
    }

    /** WCAG AA: every element with its own text has a contrast of at least 4.5:1 against the background it sits on. */
    private static final String LOW_CONTRAST = """
            const lum = c => { const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(Number).map(v => { v /= 255;
                return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
            const background = e => { for (; e; e = e.parentElement) { const m = getComputedStyle(e).backgroundColor.match(/[\\d.]+/g);
                if (m && (m.length < 4 || Number(m[3]) > 0)) return getComputedStyle(e).backgroundColor; } return 'rgb(255, 255, 255)'; };
            const low = [];
            for (const e of document.querySelectorAll('body *')) {
              if (![...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
              const a = lum(getComputedStyle(e).color), b = lum(background(e));
              const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
              if (ratio < 4.5) low.push(e.tagName + '.' + e.className + ' ' + ratio.toFixed(2) + ' "' + e.textContent.trim().slice(0, 30) + '"');
            }
            return low;
            """;

    @Test
    void everyPageReadsWithEnoughContrast() throws Exception {
        browser.manage().window().setSize(new Dimension(1280, 900));
        browser.get(url("/tickets/" + pictured.value()));
        String htmlView = browser.findElement(By.linkText("View the HTML mail")).getAttribute("href");
        for (String page : List.of(url("/"), url("/?status=AWAITING_CUSTOMER"), url("/tickets/" + alices.value()),
                url("/tickets/" + pictured.value()), htmlView, url("/tickets/TKT-ZZZZZ-2222"))) {
            browser.get(page);
            assertThat((List<?>) ((JavascriptExecutor) browser).executeScript(LOW_CONTRAST)).as(page).isEmpty();
        }
    }

    /** The board and a ticket work without a mouse: tab to a ticket, open it, unfold its quoted text, all with a visible focus ring. */
    @Test
    void theKeyboardAloneGetsAroundWithAVisibleFocus() throws Exception {
        browser.manage().window().setSize(new Dimension(1280, 900));
        browser.get(url("/"));
        WebElement focused = null;
        for (int i = 0; i < 60; i++) {
            browser.switchTo().activeElement().sendKeys(Keys.TAB);
            focused = browser.switchTo().activeElement();
            assertThat(focused.getCssValue("outline-style")).as("focus ring on " + focused.getText()).isNotEqualTo("none");
            if (alices.value().equals(focused.getText())) break;
        }
        assertThat(focused.getText()).as("a ticket link is reachable with Tab").isEqualTo(alices.value());
        focused.sendKeys(Keys.ENTER);
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().endsWith("/tickets/" + alices.value()));
        WebElement details = browser.findElement(By.tagName("details"));
        assertThat(details.getAttribute("open")).isNull();
        for (int i = 0; i < 30 && !"SUMMARY".equalsIgnoreCase(browser.switchTo().activeElement().getTagName()); i++) {
            browser.switchTo().activeElement().sendKeys(Keys.TAB);
        }
        browser.switchTo().activeElement().sendKeys(Keys.ENTER);
        assertThat(details.getAttribute("open")).as("Enter on the summary unfolds the quote").isNotNull();
    }

    @Test
    void theBoardWorksAtPhoneWidth() throws Exception {
        browser.manage().window().setSize(new Dimension(375, 812));
        browser.get(url("/"));
        // a resize lands asynchronously in headless Chromium: lay the page out again once it has
        await().atMost(Duration.ofSeconds(10)).until(() -> Boolean.TRUE.equals(
                ((JavascriptExecutor) browser).executeScript("return window.matchMedia('(max-width: 600px)').matches;")));
        browser.navigate().refresh();
        long overflow = (Long) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(overflow).as("horizontal scrolling at 375 px").isLessThanOrEqualTo(0);
        assertThat(browser.findElement(By.linkText(alices.value())).isDisplayed()).isTrue();
        screenshot("board-375px");
        browser.get(url("/tickets/" + alices.value()));
        long ticketOverflow = (Long) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(ticketOverflow).isLessThanOrEqualTo(0);
        screenshot("ticket-375px");
    }
}
