#!/usr/bin/python3
"""Screenshot an HTML page in headless Chromium and measure what is drawn inside each plot.

Usage: /usr/bin/python3 tools/screenshot_check.py PAGE.html OUT.png
Prints JSON: {"width", "height", "boxes": [{"x", "y", "w", "h", "ink", "colour"}]} where a box is
an <svg> of at least 100×50 CSS pixels (each plot), `ink` the fraction of its pixels that differ
from the page background and `colour` the fraction of saturated pixels (data marks are coloured;
axes and text are grey). Two Chromium runs: one dumps the DOM after a script has written the
boxes into it, one takes the screenshot at the page's full height.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

from PIL import Image

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
         "--force-device-scale-factor=1", "--disable-dev-shm-usage"]
WIDTH = 1100

PROBE = """<script>
window.addEventListener('load', () => {
  const boxes = [];
  for (const svg of document.querySelectorAll('svg')) {
    if (svg.parentElement && svg.parentElement.closest('svg')) continue;  // nested panels
    const r = svg.getBoundingClientRect();
    if (r.width >= 100 && r.height >= 50) {
      boxes.push({x: r.left + scrollX, y: r.top + scrollY, w: r.width, h: r.height});
    }
  }
  const pre = document.createElement('pre');
  pre.id = 'napple-boxes';
  pre.textContent = JSON.stringify({height: document.documentElement.scrollHeight, boxes});
  document.body.appendChild(pre);
});
</script>"""


def chromium(*args):
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(["chromium", *FLAGS, f"--user-data-dir={profile}", *args],
                              capture_output=True, text=True, timeout=180)


def main():
    page, png = sys.argv[1], sys.argv[2]
    html = open(page, encoding="utf-8").read()
    probe_path = os.path.join(os.path.dirname(os.path.abspath(png)), "probe_" + os.path.basename(page))
    with open(probe_path, "w", encoding="utf-8") as f:
        f.write(html.replace("</body>", PROBE + "</body>"))
    dom = chromium(f"--window-size={WIDTH},800", "--virtual-time-budget=5000", "--dump-dom",
                   "file://" + probe_path).stdout
    m = re.search(r'<pre id="napple-boxes">(.*?)</pre>', dom, re.S)
    if not m:
        print(json.dumps({"error": "probe did not run", "stderr_tail": dom[-500:]}))
        sys.exit(1)
    info = json.loads(m.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    height = int(info["height"]) + 20
    # The screenshot is of the page without the probe's <pre> (it sits after everything anyway).
    chromium(f"--window-size={WIDTH},{height}", f"--screenshot={os.path.abspath(png)}",
             "file://" + os.path.abspath(page))
    img = Image.open(png).convert("RGB")
    bg = img.getpixel((2, 2))
    out = []
    for b in info["boxes"]:
        x0, y0 = int(b["x"]), int(b["y"])
        x1, y1 = min(img.width, int(b["x"] + b["w"])), min(img.height, int(b["y"] + b["h"]))
        crop = img.crop((x0, y0, x1, y1))
        px = list(crop.getdata())
        n = max(1, len(px))
        ink = sum(1 for p in px if max(abs(p[i] - bg[i]) for i in range(3)) > 30) / n
        colour = sum(1 for p in px if max(p) - min(p) > 40) / n
        out.append({**b, "ink": ink, "colour": colour})
    print(json.dumps({"width": img.width, "height": img.height, "boxes": out}))


if __name__ == "__main__":
    main()
