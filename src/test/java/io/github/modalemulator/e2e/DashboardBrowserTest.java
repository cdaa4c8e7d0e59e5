package io.github.modalemulator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modalemulator.App;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import io.github.modalemulator.FunctionCall;
import io.github.modalemulator.RemoteFunction;
import io.github.modalemulator.Request;
import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.emulator.Isolation;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser (Debian's chromium, driven through chromium-driver): what it
 * lists, how fast it follows the emulator, and that what it hands out (a curl command) works and
 * what it hides (secrets) stays out of the page. Each panel's screenshot goes to {@code
 * target/dashboard/}; with {@code -Ddashboard.docs=PATH} the whole page's goes to PATH too.
 */
class DashboardBrowserTest {
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SHOTS = Path.of("target", "dashboard");
  static final String SECRET = "ws-dashboard-secret-7d1f";
  static final String BEARER = "Bearer hidden-bearer-4a9c";

  /** A test app: a quick echo, a slow function held by a latch, and one behind proxy auth. */
  @App("dash")
  public static class DashApp {
    static volatile CountDownLatch release = new CountDownLatch(0);

    @Function
    @FastapiEndpoint(method = "GET")
    public static Map<String, String> echo(Request request) {
      return new TreeMap<>( // in a fixed order, so the answer can be compared whole
          Map.of(
              "name", String.valueOf(request.query("name")),
              "test", String.valueOf(request.header("x-test")),
              "authorization", String.valueOf(request.header("authorization"))));
    }

    @Function
    @FastapiEndpoint(method = "GET")
    public static Map<String, String> slow() throws InterruptedException {
      release.await(30, TimeUnit.SECONDS);
      return Map.of("slow", "done");
    }

    @Function
    @FastapiEndpoint(method = "GET", requiresProxyAuth = true)
    public static Map<String, String> guarded() {
      return Map.of("guarded", "yes");
    }

    /** A function that code calls: no web annotation. */
    @Function
    public static String shout(String text) {
      return "shouted " + text;
    }

    /** Spawns {@code shout} with {@code ?text=} and answers the call's id. */
    @Function
    @FastapiEndpoint(method = "GET")
    public static Map<String, String> handoff(Request request) {
      FunctionCall<String> call =
          RemoteFunction.of(DashApp::shout).spawn(String.valueOf(request.query("text")));
      return Map.of("call_id", call.objectId());
    }
  }

  static Emulator emulator;
  static WebDriver browser;
  static HttpClient client;

  @BeforeAll
  static void start() throws IOException {
    if (!Files.isExecutable(CHROMEDRIVER) || !Files.isExecutable(BrowserCorsTest.CHROMIUM)) {
      String message =
          CHROMEDRIVER
              + " or "
              + BrowserCorsTest.CHROMIUM
              + " is missing: apt-get install chromium chromium-driver (.ci/run installs them)";
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(message);
      }
      Assumptions.abort(message);
    }
    Files.createDirectories(SHOTS);
    emulator =
        Emulator.builder()
            // the slow function waits on a latch the test holds: the test's own classes serve
            .isolation(Isolation.GENERATION)
            .apps(DashApp.class)
            .proxyAuthToken("wk-dashboard", SECRET)
            .scaledownWindow(Duration.ofMinutes(5))
            .start();
    client = emulator.httpClientBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    browser = browser();
  }

  static WebDriver browser() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BrowserCorsTest.CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--window-size=1400,1100");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (emulator != null) {
      emulator.close();
    }
  }

  private static void open(WebDriver driver, String url) {
    driver.get(url);
    new WebDriverWait(driver, Duration.ofSeconds(10))
        .until(ExpectedConditions.textToBe(By.id("status"), "live"));
  }

  private static String get(String url, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    HttpResponse<String> response =
        client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  /** What {@code read} makes of the element, found again if a live update replaced it. */
  private static String read(
      WebDriver driver, By by, java.util.function.Function<WebElement, String> read) {
    return new WebDriverWait(driver, Duration.ofSeconds(5))
        .ignoring(StaleElementReferenceException.class)
        .until(d -> read.apply(d.findElement(by)));
  }

  private static void shoot(WebDriver driver, String panel) throws IOException {
    WebElement section = driver.findElement(By.id(panel));
    Files.copy(
        section.getScreenshotAs(OutputType.FILE).toPath(),
        SHOTS.resolve(panel + ".png"),
        StandardCopyOption.REPLACE_EXISTING);
  }

  /** The whole window; {@code live} also to {@code -Ddashboard.docs=PATH}, the README's picture. */
  private static void page(WebDriver driver, String name) throws IOException {
    Path shot = SHOTS.resolve(name + ".png");
    Files.copy(
        ((ChromeDriver) driver).getScreenshotAs(OutputType.FILE).toPath(),
        shot,
        StandardCopyOption.REPLACE_EXISTING);
    String docs = System.getProperty("dashboard.docs");
    if (name.equals("live") && docs != null && !docs.isEmpty()) {
      Files.copy(shot, new File(docs).toPath(), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Test
  void aRequestAppearsInTheLiveLogWithinOneSecond() throws Exception {
    open(browser, emulator.baseUrl() + "/");
    get(emulator.webUrl("echo") + "/?name=live-1");
    long answered = System.nanoTime();
    new WebDriverWait(browser, Duration.ofSeconds(1), Duration.ofMillis(20))
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("requests-body"), "/?name=live-1"));
    long took = (System.nanoTime() - answered) / 1_000_000;
    assertThat(took).isLessThan(1000);
    assertThat(read(browser, By.cssSelector("#requests-body tr"), WebElement::getText))
        .contains("GET", "dash-echo", "200", "ct-");
    shoot(browser, "requests");
  }

  @Test
  void aSlowRequestShowsItsContainerBusyThenIdle() throws Exception {
    open(browser, emulator.baseUrl() + "/");
    DashApp.release = new CountDownLatch(1);
    CompletableFuture<HttpResponse<String>> answer =
        client.sendAsync(
            HttpRequest.newBuilder(URI.create(emulator.webUrl("slow") + "/")).build(),
            HttpResponse.BodyHandlers.ofString());
    By busy = By.cssSelector("[data-pool='slow'] [data-state='busy']");
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(ExpectedConditions.visibilityOfElementLocated(busy));
    String[] chip =
        read(browser, busy, c -> c.getDomAttribute("data-container") + "|" + c.getText())
            .split("\\|");
    String id = chip[0];
    assertThat(chip[1]).isEqualTo(id + " busy (1 input) · 1 cold");
    shoot(browser, "containers");
    DashApp.release.countDown();
    assertThat(answer.get(10, TimeUnit.SECONDS).body()).isEqualTo("{\"slow\":\"done\"}");
    By idle = By.cssSelector("[data-pool='slow'] [data-container='" + id + "'][data-state='idle']");
    new WebDriverWait(browser, Duration.ofSeconds(5))
        .until(ExpectedConditions.visibilityOfElementLocated(idle));
    assertThat(read(browser, idle, WebElement::getText)).isEqualTo(id + " idle · 1 cold");
  }

  @Test
  void theCopiedCurlCommandGetsTheSameAnswer() throws Exception {
    open(browser, emulator.baseUrl() + "/");
    String expected =
        get(
            emulator.webUrl("echo") + "/?name=curl%20me",
            "X-Test",
            "it's \"quoted\" $HOME",
            "Authorization",
            BEARER);
    By row = By.xpath("//tbody[@id='requests-body']/tr[contains(., 'name=curl%20me')]");
    new WebDriverWait(browser, Duration.ofSeconds(5))
        .until(ExpectedConditions.elementToBeClickable(row));
    read(
        browser,
        row,
        r -> {
          r.sendKeys("\n"); // the keyboard's way to the details
          return "";
        });
    WebElement curl =
        new WebDriverWait(browser, Duration.ofSeconds(5))
            .until(ExpectedConditions.visibilityOfElementLocated(By.id("curl")));
    String command = curl.getText();
    assertThat(command)
        .startsWith("curl -sS --globoff --path-as-is -x '" + emulator.baseUrl() + "'");
    assertThat(command).doesNotContain("hidden-bearer");
    shoot(browser, "details");
    page(browser, "live");
    ProcessBuilder run = new ProcessBuilder("sh", "-c", command);
    run.environment().put("AUTHORIZATION", BEARER); // the masked header, as the page says
    Process curlProcess = run.redirectErrorStream(true).start();
    String got = new String(curlProcess.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(curlProcess.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(got).isEqualTo(expected);
    assertThat(expected)
        .isEqualTo(
            "{\"authorization\":\"Bearer hidden-bearer-4a9c\",\"name\":\"curl me\","
                + "\"test\":\"it's \\\"quoted\\\" $HOME\"}");
  }

  @Test
  void aMaskedSecretIsNotInThePagesHtml() throws Exception {
    get(emulator.webUrl("echo") + "/?name=secret", "Authorization", BEARER);
    open(browser, emulator.baseUrl() + "/");
    By row = By.xpath("//tbody[@id='requests-body']/tr[contains(., 'name=secret')]");
    new WebDriverWait(browser, Duration.ofSeconds(5))
        .until(ExpectedConditions.elementToBeClickable(row));
    read(
        browser,
        row,
        r -> {
          r.click();
          return "";
        });
    new WebDriverWait(browser, Duration.ofSeconds(5))
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("curl")));
    String html = browser.getPageSource();
    assertThat(html).contains("wk-dashboard", "••••••••", "authorization");
    assertThat(html).doesNotContain(SECRET).doesNotContain("hidden-bearer");
    shoot(browser, "token");
    browser.findElement(By.id("token-reveal")).click();
    new WebDriverWait(browser, Duration.ofSeconds(5))
        .until(ExpectedConditions.textToBe(By.id("token-secret"), SECRET));
    browser.findElement(By.id("token-reveal")).click();
    new WebDriverWait(browser, Duration.ofSeconds(5))
        .until(ExpectedConditions.textToBe(By.id("token-secret"), "••••••••"));
    assertThat(browser.getPageSource()).doesNotContain(SECRET);
    shoot(browser, "logs");
  }

  /**
   * A call whose argument is markup: the calls table shows it as text, with the function and the
   * container that ran it, and nothing of it becomes an element (or runs).
   */
  @Test
  void aCallsMarkupArgumentIsShownAsTextWithItsFunctionAndContainer() throws Exception {
    open(browser, emulator.baseUrl() + "/");
    String markup = "<img src=x onerror=alert(1)><b id=injected>bold</b>";
    String answer =
        get(
            emulator.webUrl("handoff")
                + "/?text="
                + URLEncoder.encode(markup, StandardCharsets.UTF_8));
    Matcher callId = Pattern.compile("\\{\"call_id\":\"(fc-\\w+)\"}").matcher(answer);
    assertThat(callId.matches()).as(answer).isTrue();
    String id = callId.group(1);
    By row = By.cssSelector("#calls-body tr[data-call='" + id + "']");
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(ExpectedConditions.textToBePresentInElementLocated(row, "success"));
    List<String> cells =
        List.of(
            read(
                    browser,
                    row,
                    r ->
                        String.join(
                            "\n",
                            r.findElements(By.tagName("td")).stream()
                                .map(WebElement::getText)
                                .toList()))
                .split("\n"));
    assertThat(cells.subList(1, 5)).containsExactly(id, "dash/shout", "spawn", "success");
    String container = cells.get(6);
    assertThat(container).matches("ct-\\d+");
    assertThat(cells.get(7)).isEqualTo("[\"" + markup + "\"]");
    assertThat(cells.get(8)).isEqualTo("\"shouted " + markup + "\"");
    assertThat(browser.findElements(By.id("injected"))).isEmpty();
    assertThat(browser.findElements(By.cssSelector("#calls img, #call-details img"))).isEmpty();

    By chip =
        By.cssSelector("#called [data-called='dash/shout'] [data-container='" + container + "']");
    new WebDriverWait(browser, Duration.ofSeconds(5))
        .until(ExpectedConditions.visibilityOfElementLocated(chip));
    assertThat(
            read(
                browser, By.cssSelector("#called [data-called='dash/shout']"), WebElement::getText))
        .contains("shout", "dash", "function", container);
    shoot(browser, "called");

    read(
        browser,
        row,
        r -> {
          r.sendKeys("\n"); // the keyboard's way to the whole call
          return "";
        });
    WebElement details =
        new WebDriverWait(browser, Duration.ofSeconds(5))
            .until(ExpectedConditions.visibilityOfElementLocated(By.id("call-details")));
    new WebDriverWait(browser, Duration.ofSeconds(5))
        .until(ExpectedConditions.textToBePresentInElement(details, "\"verb\": \"spawn\""));
    assertThat(details.getText()).contains("\"arguments\": [\n    \"" + markup + "\"\n  ]");
    assertThat(browser.findElements(By.id("injected"))).isEmpty();
    shoot(browser, "calls");
  }

  // A web function's line, or a server's (its flash service endpoint)
  private static final Pattern CREATED =
      Pattern.compile(
          "Created (?:web function|flash service endpoint for) (\\S+) => (http://\\S+)( 🔑)?");

  @Test
  void withNoDashboardTheJarServesBrowsersTheJsonIndex() throws Exception {
    try (EmulatorProcess jar =
        EmulatorProcess.start(
            "deploy", "--port", "0", "--no-dashboard", "--cp", EmulatorProcess.EXAMPLES)) {
      List<String> lines =
          jar.linesUntil(l -> l.startsWith("Emulator ready at "), Duration.ofSeconds(60));
      Matcher ready =
          Pattern.compile("Emulator ready at (http://127.0.0.1:\\d+) .*")
              .matcher(lines.get(lines.size() - 1));
      assertThat(ready.matches()).as(lines.get(lines.size() - 1)).isTrue();
      HttpResponse<String> index =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(ready.group(1) + "/api/state"))
                      .header("Accept", "text/html")
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(index.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(index.body())
          .startsWith("{\"emulator\":\"modal-emulator\",\"workspace\":\"local\"");
    }
  }

  /** The jar, as users run it, with every example: each function is on the page with its URL. */
  @Test
  void thePageListsEveryExamplesFunctions() throws Exception {
    try (EmulatorProcess jar =
        EmulatorProcess.start("deploy", "--port", "0", "--cp", EmulatorProcess.EXAMPLES)) {
      List<String> lines =
          jar.linesUntil(l -> l.startsWith("Emulator ready at "), Duration.ofSeconds(60));
      Matcher ready =
          Pattern.compile("Emulator ready at (http://127.0.0.1:\\d+) .*")
              .matcher(lines.get(lines.size() - 1));
      assertThat(ready.matches()).as(lines.get(lines.size() - 1)).isTrue();
      List<String> urls = new ArrayList<>();
      for (String line : lines) {
        Matcher created = CREATED.matcher(line);
        if (created.matches()) {
          urls.add(created.group(2));
        }
      }
      assertThat(urls).hasSizeGreaterThan(10);
      WebDriver page = browser();
      try {
        open(page, ready.group(1) + "/");
        new WebDriverWait(page, Duration.ofSeconds(10))
            .until(
                ExpectedConditions.numberOfElementsToBe(
                    By.cssSelector("#functions-body tr[data-function]"), urls.size()));
        List<String> links =
            page.findElements(By.cssSelector("#functions-body a")).stream()
                .map(a -> a.getDomProperty("href").replaceAll("/$", ""))
                .toList();
        assertThat(links).containsAll(urls);
        shoot(page, "functions");
        page(page, "examples");
        String light = page.findElement(By.tagName("body")).getCssValue("background-color");
        ((ChromeDriver) page)
            .executeCdpCommand(
                "Emulation.setEmulatedMedia",
                Map.of(
                    "features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        String dark = page.findElement(By.tagName("body")).getCssValue("background-color");
        assertThat(light).isEqualTo("rgba(251, 251, 250, 1)");
        assertThat(dark).isEqualTo("rgba(22, 22, 21, 1)");
        page(page, "examples-dark");
      } finally {
        page.quit();
      }
    }
  }
}
