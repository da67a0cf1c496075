//! The report page in a real browser: Debian's Chromium, headless, prints it to
//! PDF on Letter and on A4 paper and counts the pages (one for four weeks, at
//! most two for twelve), takes screenshots at phone and desktop width, measures
//! that nothing on the page is wider than the window, and runs the axe-core
//! accessibility check over it.
//!
//! Runs whenever `chromium` is on PATH (`apt-get install chromium`); axe-core
//! comes from the npm registry the first time (`npm ci` into the target folder,
//! pinned by tests/integration/axe/package-lock.json). Without them these tests
//! say so and pass, unless `WINDDOWN_TEST_TOOLS=required` (which `.ci/run` sets,
//! after installing Chromium), where a missing tool fails them.
//!
//! The page itself has no script and a Content-Security-Policy that forbids one;
//! the measuring and axe runs load a copy without that policy, with their script
//! added at the end of the body. What they find is written into the page, which
//! `--dump-dom` hands back. The PDFs and screenshots are kept in the target
//! folder (`target/tmp/report-browser/`) for a person to look at.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use resvg::tiny_skia::Pixmap;
use scraper::{Html, Selector};

use crate::support::{diary, tools};

/// The flags every run takes: no sandbox (CI runs as root), no GPU, and nothing
/// fetched or synced in the background; each run gets a fresh profile too.
const FLAGS: [&str; 7] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
];

/// Long enough for a cold start on a busy machine; a hung browser fails the test.
const LIMIT: Duration = Duration::from_secs(120);

/// One browser at a time: two cores, and each run starts a dozen processes.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Chromium, or `None` (and a line saying the test was skipped) when it is not
/// installed, unless CI requires it (`support::tools::needed`).
fn chromium() -> Option<PathBuf> {
    let found = tools::which("chromium").or_else(|| tools::which("chromium-browser"));
    tools::needed(
        found,
        "chromium (apt-get install -y chromium), for the report page's browser checks",
    )
}

/// Where this test keeps what the browser made.
fn kept(name: &str) -> PathBuf {
    let folder = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-browser");
    std::fs::create_dir_all(&folder).expect("a folder for the browser's output");
    folder.join(name)
}

/// Runs Chromium on the page `file` with `args`, in a fresh profile, within [`LIMIT`].
fn browse(chromium: &Path, file: &Path, args: &[&str]) -> Output {
    let _turn = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let profile = tempfile::tempdir().expect("a fresh profile");
    let mut child = Command::new(chromium)
        .args(FLAGS)
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(format!("file://{}", file.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start chromium");
    // Read the output on threads so a full pipe cannot stall the browser.
    let mut stdout = child.stdout.take().expect("stdout");
    let mut stderr = child.stderr.take().expect("stderr");
    let out = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut bytes).map(|_| bytes)
    });
    let err = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut stderr, &mut bytes).map(|_| bytes)
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for chromium") {
            break status;
        }
        if started.elapsed() > LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within {LIMIT:?}: {args:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    Output {
        status,
        stdout: out.join().expect("reader").expect("stdout"),
        stderr: err.join().expect("reader").expect("stderr"),
    }
}

/// The page for `weeks` weeks, as a file named `name` in the kept folder, with
/// `extra` (a style or a script) added: styles at the end of the head, scripts at
/// the end of the body, without the policy that forbids scripts.
fn page_file(weeks: u32, name: &str, extra: &str) -> PathBuf {
    let mut html = diary::page(weeks);
    if extra.starts_with("<style") {
        html = html.replacen("</head>", &format!("{extra}\n</head>"), 1);
    } else if !extra.is_empty() {
        let policy = r#"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">"#;
        assert!(html.contains(policy), "the page forbids scripts");
        html = html
            .replacen(policy, "", 1)
            .replacen("</body>", &format!("{extra}\n</body>"), 1);
    }
    let path = kept(name);
    std::fs::write(&path, html).expect("write the page");
    path
}

/// Pages in a PDF as Chromium writes it: one `/Type /Page` object each.
fn pdf_pages(pdf: &[u8]) -> usize {
    let marker = b"/Type /Page";
    pdf.windows(marker.len() + 1)
        .filter(|window| window.starts_with(marker) && window[marker.len()] != b's')
        .count()
}

/// The first page's size in points, from its `/MediaBox [0 0 W H]`.
fn media_box(pdf: &[u8]) -> (f64, f64) {
    let text = String::from_utf8_lossy(pdf);
    let at = text.find("/MediaBox [").expect("a media box") + "/MediaBox [".len();
    let numbers: Vec<f64> = text[at..]
        .split(']')
        .next()
        .expect("closed")
        .split_whitespace()
        .map(|n| n.parse().expect("a number"))
        .collect();
    (numbers[2], numbers[3])
}

#[test]
fn printed_it_is_one_page_for_four_weeks_and_at_most_two_for_twelve() {
    let Some(chromium) = chromium() else { return };
    // Letter is wider and shorter than A4: the page must fit both.
    for (paper, size, points) in [
        ("letter", "letter", (612.0, 792.0)),
        ("a4", "A4", (595.92, 841.92)),
    ] {
        for (weeks, most) in [(4, 1), (12, 2)] {
            let style = format!("<style>@page {{ size: {size}; }}</style>");
            let html = page_file(weeks, &format!("report-{weeks}w-{paper}.html"), &style);
            let pdf = kept(&format!("report-{weeks}w-{paper}.pdf"));
            let output = browse(
                &chromium,
                &html,
                &[
                    "--no-pdf-header-footer",
                    &format!("--print-to-pdf={}", pdf.display()),
                ],
            );
            assert!(
                output.status.success(),
                "{}",
                String::from_utf8_lossy(&output.stderr)
            );
            let bytes = std::fs::read(&pdf).expect("the PDF");
            let (width, height) = media_box(&bytes);
            assert!(
                (width - points.0).abs() < 1.0 && (height - points.1).abs() < 1.0,
                "{paper}: printed on {width}x{height}"
            );
            let pages = pdf_pages(&bytes);
            eprintln!(
                "printed {weeks} weeks on {paper}: {pages} page(s), {}",
                pdf.display()
            );
            assert!(
                (1..=most).contains(&pages),
                "{weeks} weeks on {paper}: {pages} pages"
            );
        }
    }
}

/// A script that measures, in the window the screenshot is taken in, whether
/// the page or any element on it reaches past the window's left or right edge,
/// and says so in the picture: a green square in the top left corner when
/// nothing does, a red one when something does. It also writes what it found into
/// the page, for `--dump-dom` to hand back when a test needs the detail (at the
/// narrowest window Chromium lays out without a screenshot: 500 pixels).
const MEASURE: &str = r#"<script>
function measure() {
  document.querySelectorAll('#measured, #mark').forEach(function (old) { old.remove(); });
  var width = window.innerWidth;
  var over = [];
  document.querySelectorAll('body *').forEach(function (element) {
    var box = element.getBoundingClientRect();
    if (box.width > 0 && (box.right > width + 0.5 || box.left < -0.5)) {
      over.push(element.tagName.toLowerCase() + '.' + element.getAttribute('class') + ' ' +
                Math.round(box.left) + '..' + Math.round(box.right));
    }
  });
  var page = document.documentElement.scrollWidth;
  var out = document.createElement('pre');
  out.id = 'measured';
  out.textContent = JSON.stringify({ window: width, page: page, over: over });
  document.body.appendChild(out);
  var mark = document.createElement('div');
  mark.id = 'mark';
  mark.style.cssText = 'position:fixed;left:0;top:0;width:40px;height:40px;z-index:9;background:' +
    (over.length === 0 && page <= width ? '#00ff00' : '#ff0000');
  document.body.appendChild(mark);
}
measure();
// The screenshot sets the window's width after the page has loaded.
window.addEventListener('resize', measure);
</script>"#;

fn measured(dom: &str, id: &str) -> serde_json::Value {
    let document = Html::parse_document(dom);
    let selector = Selector::parse(&format!("pre#{id}")).expect("selector");
    let found = document
        .select(&selector)
        .next()
        .unwrap_or_else(|| panic!("no #{id} in the page the browser gave back"));
    let text: String = found.text().collect();
    serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"))
}

/// A screenshot `width` pixels wide of `file`, kept as `name`.
fn screenshot(chromium: &Path, file: &Path, width: u32, name: &str) -> Pixmap {
    let shot = kept(name);
    let output = browse(
        chromium,
        file,
        &[
            &format!("--window-size={width},900"),
            "--hide-scrollbars",
            &format!("--screenshot={}", shot.display()),
        ],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let picture = Pixmap::decode_png(&std::fs::read(&shot).expect("screenshot")).expect("a PNG");
    assert_eq!((picture.width(), picture.height()), (width, 900));
    picture
}

#[test]
fn at_phone_and_desktop_width_nothing_is_wider_than_the_window() {
    let Some(chromium) = chromium() else { return };
    for (device, width) in [("phone", 390), ("desktop", 1280)] {
        let plain = page_file(4, &format!("report-4w-{device}.html"), "");
        let picture = screenshot(&chromium, &plain, width, &format!("report-4w-{device}.png"));
        let dark = picture
            .pixels()
            .iter()
            .filter(|pixel| u16::from(pixel.red()) + u16::from(pixel.green()) < 120)
            .count();
        assert!(dark > 500, "{device}: the screenshot shows text");
        eprintln!(
            "screenshot at {device} width ({width} px): {}",
            kept(&format!("report-4w-{device}.png")).display()
        );
        for weeks in [4, 12] {
            let name = format!("report-{weeks}w-{device}-measured");
            let file = page_file(weeks, &format!("{name}.html"), MEASURE);
            let picture = screenshot(&chromium, &file, width, &format!("{name}.png"));
            let mark = picture.pixel(10, 10).expect("the corner");
            let (red, green, blue) = (mark.red(), mark.green(), mark.blue());
            if (red, green, blue) != (0, 255, 0) {
                // Ask the page what reached past the edge (at the narrowest
                // window the browser lays out without a screenshot).
                let output = browse(
                    &chromium,
                    &file,
                    &[&format!("--window-size={width},900"), "--dump-dom"],
                );
                let found = measured(&String::from_utf8_lossy(&output.stdout), "measured");
                panic!(
                    "{weeks} weeks at {device} width: something is wider than the window \
                     ({red},{green},{blue}; see {}): {found}",
                    kept(&format!("{name}.png")).display()
                );
            }
            eprintln!(
                "{weeks} weeks at {device} width ({width} px): nothing wider than the window"
            );
        }
    }
}

/// axe-core's script, installed from the npm registry into the target folder on
/// first use; `None` (said) when npm is not installed and not required.
fn axe_core() -> Option<String> {
    let folder = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-axe");
    let script = folder.join("node_modules/axe-core/axe.min.js");
    let pinned = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/integration/axe");
    let lock = std::fs::read(pinned.join("package-lock.json")).expect("the pinned version");
    let installed_lock = std::fs::read(folder.join("package-lock.json")).ok();
    if !script.is_file() || installed_lock.as_deref() != Some(&lock[..]) {
        let npm = tools::needed(
            tools::which("npm"),
            "npm, for axe-core's accessibility check of the report page",
        )?;
        std::fs::create_dir_all(&folder).expect("a folder for axe-core");
        for file in ["package.json", "package-lock.json"] {
            std::fs::copy(pinned.join(file), folder.join(file)).expect("copy the pinned version");
        }
        let output = Command::new(npm)
            .args(["ci", "--ignore-scripts", "--no-audit", "--no-fund"])
            .current_dir(&folder)
            .output()
            .expect("run npm");
        assert!(
            output.status.success(),
            "npm ci: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Some(std::fs::read_to_string(&script).expect("axe-core's script"))
}

#[test]
fn the_page_passes_the_axe_core_accessibility_check() {
    let Some(chromium) = chromium() else { return };
    let Some(axe) = axe_core() else { return };
    // Every rule axe runs by default (WCAG 2 A and AA, and its best practices);
    // the violations, if any, are written into the page.
    let run = r#"<script>
axe.run(document, { resultTypes: ['violations'] }).then(function (results) {
  var out = document.createElement('pre');
  out.id = 'axe';
  out.textContent = JSON.stringify(results.violations.map(function (v) {
    return { rule: v.id, impact: v.impact, help: v.help,
             where: v.nodes.map(function (n) { return n.target.join(' ') + ': ' + n.failureSummary; }) };
  }));
  document.body.appendChild(out);
}, function (error) {
  var out = document.createElement('pre');
  out.id = 'axe';
  out.textContent = JSON.stringify('axe failed: ' + error);
  document.body.appendChild(out);
});
</script>"#;
    for weeks in [4, 12] {
        let extra = format!("<script>{axe}</script>\n{run}");
        let file = page_file(weeks, &format!("report-{weeks}w-axe.html"), &extra);
        let output = browse(
            &chromium,
            &file,
            &["--virtual-time-budget=60000", "--dump-dom"],
        );
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let violations = measured(&String::from_utf8_lossy(&output.stdout), "axe");
        eprintln!("axe-core over {weeks} weeks: {violations}");
        assert_eq!(violations, serde_json::json!([]), "{weeks} weeks");
    }
}
