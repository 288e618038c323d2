"""The HTML report opened in a real headless browser (Debian's chromium): a screenshot shows the plots drawn, the
parsed page holds every plot, and the console stays silent (no errors, no blocked or missing resources)."""

import os
import shutil
import subprocess

import matplotlib

matplotlib.use("Agg")

import matplotlib.image  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from rocauc import report  # noqa: E402

CHROMIUM = os.environ.get("ROCAUC_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Debian's chromium is not installed (`apt-get install -y chromium`; CI installs it), so the HTML report "
    "cannot be opened in a real browser here",
)

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
    "--enable-logging=stderr",
    "--v=0",
]

HOSTILE = '<script>console.error("pwned")</script>'


def chromium(tmp_path, url, *args):
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"  # a fresh user data dir each run
    out = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args, url], capture_output=True, text=True, timeout=120
    )
    return out


def console_lines(stderr):
    """What the page wrote to the console (messages, errors, CSP violations, failed loads)."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line or "Failed to load resource" in line]


def color_pixels(image, rgb, tol=12):
    pixels = (image[..., :3] * 255).astype(int)
    return int((np.abs(pixels - np.array(rgb)).max(axis=-1) <= tol).sum())


@pytest.fixture(scope="module")
def saved_report(tmp_path_factory):
    rng = np.random.default_rng(0)
    n = 300
    y = rng.integers(0, 2, n)
    a = 1 / (1 + np.exp(-(rng.normal(size=n) + 2 * (y - 0.5))))
    b = 1 / (1 + np.exp(-(rng.normal(size=n) + 1 * (y - 0.5))))
    y3 = rng.integers(0, 3, n)
    z = rng.normal(size=(n, 3))
    z[np.arange(n), y3] += 1.5
    p = np.exp(z) / np.exp(z).sum(1, keepdims=True)
    rep = report(y, {"model A": a, HOSTILE: b}, title="browser check", calibration=False) + report(
        np.array(["cat", HOSTILE, "dog"], dtype=object)[y3],
        {"softmax": p},
        labels=["cat", HOSTILE, "dog"],
        title="three classes",
        calibration=False,
    )
    directory = tmp_path_factory.mktemp("browser")
    paths = rep.save(directory / "report")
    return rep, paths["html"], directory


def test_the_console_check_catches_errors(tmp_path):
    """The harness sees console errors and blocked resources (a page that has both), so a silent console below
    means something."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src '
        "'none'; script-src 'unsafe-inline'\"></head><body><img src=\"https://example.invalid/x.png\">"
        "<script>console.error('boom')</script></body></html>"
    )
    out = chromium(tmp_path, page.as_uri(), f"--screenshot={tmp_path / 'bad.png'}")
    lines = console_lines(out.stderr)
    assert any("boom" in line for line in lines), out.stderr[-3000:]
    assert any("Content Security Policy" in line for line in lines), out.stderr[-3000:]


def test_report_renders_with_a_silent_console(saved_report, tmp_path):
    rep, html_path, directory = saved_report
    shot = directory / "screenshot.png"
    out = chromium(tmp_path, f"file://{html_path}", f"--screenshot={shot}", "--window-size=1280,3600")
    assert shot.exists(), out.stderr[-3000:]
    assert console_lines(out.stderr) == []
    image = matplotlib.image.imread(str(shot))
    assert image.shape[:2] == (3600, 1280)
    # the curves are drawn: matplotlib's first two colours (the two models' ROC and PR curves, the threshold
    # plot's precision, the class curves) cover many pixels
    assert color_pixels(image, (31, 119, 180)) > 2000
    assert color_pixels(image, (255, 127, 14)) > 1000
    # the confusion matrices (inline PNG images inside the SVG) are drawn: large areas of strong blue
    rgb = (image[..., :3] * 255).astype(int)
    assert ((rgb[..., 2] - rgb[..., 0] > 100) & (rgb[..., 2] > 120)).sum() > 50000
    # and the page is not mostly blank
    assert (image[..., :3] < 0.5).any(axis=-1).mean() > 0.01


def test_parsed_page_holds_every_plot_and_no_injected_script(saved_report, tmp_path):
    rep, html_path, _ = saved_report
    out = chromium(tmp_path, f"file://{html_path}", "--dump-dom")
    dom = out.stdout
    assert dom.count("<svg") == len(rep.figures()) == 9
    assert dom.count("<figure") == len(rep.figures())
    assert "<script" not in dom and 'console.error("pwned")' not in dom.replace("&quot;", '"').split("<body")[0]
    assert "&lt;script&gt;" in dom
    assert console_lines(out.stderr) == []
