package capsim.cli;

import static capsim.cli.Cli.cli;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import capsim.cli.Cli.Run;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report.html of a run, a sweep and a compare as a browser lays them out: headless Chromium,
 * driven through chromedriver's W3C WebDriver HTTP API, at 1280 and 800 px. Nothing is wider than
 * the page (no horizontal scroll of the document; every table, chart, figure and code block inside
 * it), every image loaded, every inline SVG chart has a size, and the verdict comes first.
 *
 * <p>Without Debian's {@code chromium} and {@code chromium-driver} the test skips, unless
 * CAPSIM_REQUIRE_BROWSER=1 (set by .ci/run, which installs them): then it fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final int[] WIDTHS = {1280, 800};
    private static final Duration WAIT = Duration.ofSeconds(60);

    /**
     * What the page breaks, as a list of lines (empty: none). Boxes are compared with the
     * document's client width: the page's own width without a scroll bar.
     */
    private static final String CHECK = """
            const out = [];
            const de = document.documentElement;
            const w = de.clientWidth;
            if (de.scrollWidth > w) out.push('document scrolls sideways: ' + de.scrollWidth + ' > ' + w);
            const boxed = document.querySelectorAll('table, img, svg, figure, pre, div.table, section.verdict');
            for (const e of boxed) {
              if (e.closest('details:not([open])')) continue;
              if (e.parentElement && e.parentElement.closest('svg')) continue;
              const r = e.getBoundingClientRect();
              if (r.left < -0.5 || r.right > w + 0.5) {
                out.push(e.tagName.toLowerCase() + ' ' + Math.round(r.left) + '..' + Math.round(r.right) + ' outside 0..' + w
                    + ': ' + (e.textContent || '').trim().slice(0, 60));
              }
            }
            // a table's wrapper scrolls what does not fit: a report table must not need it
            for (const d of document.querySelectorAll('div.table')) {
              if (d.closest('details:not([open])')) continue;
              if (d.scrollWidth > d.clientWidth) {
                out.push('table scrolls sideways: ' + d.scrollWidth + ' > ' + d.clientWidth + ': ' + (d.textContent || '').trim().slice(0, 60));
              }
            }
            for (const i of document.images) {
              if (!i.complete || i.naturalWidth === 0) out.push('image not loaded: ' + i.src);
            }
            const charts = Array.from(document.querySelectorAll('svg')).filter(s => !(s.parentElement && s.parentElement.closest('svg')));
            for (const s of charts) {
              const r = s.getBoundingClientRect();
              if (!(r.width > 0 && r.height > 0)) out.push('chart without size: ' + (s.textContent || '').trim().slice(0, 60));
            }
            const first = document.querySelector('h1 + *');
            if (!first || !first.matches('section.verdict')) out.push('the page does not open with the verdict');
            return {issues: out, charts: charts.length, width: w, tables: document.querySelectorAll('table').length};
            """;

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private Process driver;
    private Path profile;
    private String base;
    private String session;

    @BeforeAll
    void startBrowser() throws Exception {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        String why = "no headless browser: install Debian's chromium and chromium-driver";
        if (!installed && "1".equals(System.getenv("CAPSIM_REQUIRE_BROWSER"))) fail(why);
        assumeTrue(installed, why);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        profile = Files.createTempDirectory("capsim-chromium-");
        driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port)
                .redirectErrorStream(true).redirectOutput(profile.resolve("chromedriver.log").toFile()).start();
        base = "http://127.0.0.1:" + port;
        long until = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                JsonObject st = call("GET", "/status", null);
                if (st.getAsJsonObject("value").get("ready").getAsBoolean()) break;
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > until) fail("chromedriver did not come up: " + log());
            Thread.sleep(100);
        }
        JsonArray args = new JsonArray();
        for (String a : List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile.resolve("profile"), "--window-size=1280,1000")) {
            args.add(a);
        }
        JsonObject chrome = new JsonObject();
        chrome.addProperty("binary", CHROMIUM.toString());
        chrome.add("args", args);
        JsonObject always = new JsonObject();
        always.addProperty("browserName", "chrome");
        always.add("goog:chromeOptions", chrome);
        JsonObject caps = new JsonObject();
        caps.add("alwaysMatch", always);
        JsonObject req = new JsonObject();
        req.add("capabilities", caps);
        JsonObject created = call("POST", "/session", req);
        JsonElement id = created.getAsJsonObject("value").get("sessionId");
        assertNotNull(id, "no WebDriver session: " + created + " " + log());
        session = id.getAsString();
    }

    @AfterAll
    void stopBrowser() throws Exception {
        try {
            if (session != null) call("DELETE", "/session/" + session, null);
        } catch (IOException | RuntimeException gone) {
            // the browser is gone already; the process tree is ended below
        } finally {
            if (driver != null) {
                driver.descendants().forEach(ProcessHandle::destroy);
                driver.destroy();
                if (!driver.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) driver.destroyForcibly();
                driver.descendants().forEach(ProcessHandle::destroyForcibly);
            }
            if (profile != null) {
                try (Stream<Path> files = Files.walk(profile)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    @Test
    void theCheckSeesAPageWiderThanTheWindow() throws Exception {
        // the control: a page that breaks every rule the reports are held to must be caught
        StringBuilder row = new StringBuilder();
        for (int i = 0; i < 60; i++) row.append("<td>column-number-").append(i).append("</td>");
        Path bad = tmp.resolve("bad.html");
        Files.writeString(bad, "<!DOCTYPE html><html><body><h1>t</h1><p>no verdict</p><table><tr>" + row
                + "</tr></table><div class=\"table\" style=\"overflow-x:auto\"><table><tr>" + row + "</tr></table></div>"
                + "<img src=\"missing.png\"></body></html>", StandardCharsets.UTF_8);
        List<String> issues = check(bad, 800);
        assertTrue(issues.stream().anyMatch(s -> s.startsWith("document scrolls sideways")), issues.toString());
        assertTrue(issues.stream().anyMatch(s -> s.startsWith("table ")), issues.toString());
        assertTrue(issues.stream().anyMatch(s -> s.startsWith("table scrolls sideways")), issues.toString());
        assertTrue(issues.stream().anyMatch(s -> s.startsWith("image not loaded")), issues.toString());
        assertTrue(issues.stream().anyMatch(s -> s.contains("verdict")), issues.toString());
    }

    @Test
    void runReportFitsThePage() throws Exception {
        // breaks on fs.inotify.max_user_watches: long names in the breaking-points table, a per-resource chart, the verdict's wall
        Run r = cli("run", "experiments/f05-inotify-watches.json", "--json", "--out", tmp.resolve("run").toString());
        assertEquals(1, r.exit(), r.stderr());
        assertFits(r.dir().resolve("report.html"));
    }

    @Test
    void sweepReportFitsThePage() throws Exception {
        // two axes and every metric charted: the widest summary table a sweep writes
        Run r = cli("sweep", "experiments/quickstart.json", "--axis", "steps[0].count,steps[1].count=20,40,80", "--axis", "guest.disks=1,2",
                "--set", "stack.libvirt.daemonNofile=180", "--metric", "start.latency.p95S", "--metric", "start.latency.p50S",
                "--metric", "sim.timeS", "--metric", "hw.libvirtd.nofile", "--metric", "hw.host.memory", "--metric", "guests.started",
                "--metric", "libvirtd.fds.held", "--json", "--out", tmp.resolve("sweep").toString());
        assertEquals(1, r.exit(), r.stderr());
        assertFits(r.dir().resolve("report.html"));
    }

    @Test
    void compareReportFitsThePage() throws Exception {
        Run r = cli("compare", "experiments/quickstart.json", "--variant", "default=", "--variant", "tight=stack.libvirt.daemonNofile=180",
                "--variant", "two-disks=guest.disks=2", "--axis", "steps[0].count,steps[1].count=20,40,80", "--json",
                "--out", tmp.resolve("compare").toString());
        assertEquals(1, r.exit(), r.stderr());
        assertFits(r.dir().resolve("report.html"));
    }

    private void assertFits(Path html) throws Exception {
        assertTrue(Files.isRegularFile(html), html.toString());
        for (int w : WIDTHS) {
            List<String> issues = check(html, w);
            assertEquals(List.of(), issues, html + " at " + w + " px");
        }
    }

    /** Opens the page at a window width and returns what {@link #CHECK} finds (asserting the page has charts and tables). */
    private List<String> check(Path html, int width) throws Exception {
        JsonObject rect = new JsonObject();
        rect.addProperty("width", width);
        rect.addProperty("height", 1000);
        call("POST", "/session/" + session + "/window/rect", rect);
        JsonObject nav = new JsonObject();
        nav.addProperty("url", html.toUri().toString());
        call("POST", "/session/" + session + "/url", nav);
        JsonObject script = new JsonObject();
        script.addProperty("script", CHECK);
        script.add("args", new JsonArray());
        JsonObject res = call("POST", "/session/" + session + "/execute/sync", script).getAsJsonObject("value");
        assertNotNull(res.get("issues"), "the check did not run: " + res);
        int seen = res.get("width").getAsInt();
        // the window is as wide as asked, less at most a scroll bar
        assertTrue(seen <= width && seen > width - 40, "viewport " + seen + " px for a " + width + " px window");
        List<String> issues = new ArrayList<>();
        for (JsonElement e : res.getAsJsonArray("issues")) issues.add(e.getAsString());
        if (html.getFileName().toString().equals("report.html")) {
            assertTrue(res.get("charts").getAsInt() > 0, "no chart in " + html);
            assertTrue(res.get("tables").getAsInt() > 0, "no table in " + html);
        }
        return issues;
    }

    private JsonObject call(String method, String path, JsonObject body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(WAIT);
        if (body == null) b.method(method, HttpRequest.BodyPublishers.noBody());
        else b.method(method, HttpRequest.BodyPublishers.ofString(body.toString())).header("Content-Type", "application/json");
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonObject o = JsonParser.parseString(r.body()).getAsJsonObject();
        if (r.statusCode() != 200) fail(method + " " + path + ": HTTP " + r.statusCode() + " " + r.body());
        return o;
    }

    private String log() {
        try {
            return Files.readString(profile.resolve("chromedriver.log"));
        } catch (IOException e) {
            return "(no chromedriver log)";
        }
    }
}
