/**
 * The outer SVG of a figure: title, legends (categorical swatches and colour ramps, drawn in SVG
 * because Plot's own categorical legend is HTML, which a standalone .svg cannot hold) and the
 * panels, each a Plot SVG nested at its offset.
 * @module
 */

// deno-lint-ignore no-explicit-any
type Element = any;

const LEGEND_ROW = 16;
const MAX_LEGEND = 16;

/** Escapes text for SVG attributes and text nodes. */
export function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(
    /"/g,
    "&quot;",
  );
}

/** Swatches for every categorical colour scale, drawn in SVG (Plot's own legend is HTML). */
export function legendItems(svgs: Element[]): { label: string; color: string }[] {
  const items = new Map<string, string>();
  for (const svg of svgs) {
    const scale = typeof svg.scale === "function" ? svg.scale("color") : undefined;
    if (!scale || scale.type !== "categorical" && scale.type !== "ordinal") continue;
    const domain: unknown[] = scale.domain ?? [];
    const range: string[] = scale.range ?? [];
    domain.forEach((d, i) => {
      if (!items.has(String(d))) items.set(String(d), range[i % range.length]);
    });
  }
  return [...items].slice(0, MAX_LEGEND).map(([label, color]) => ({ label, color }));
}

const RAMP_ROW = 22;
let rampCount = 0;

function formatTick(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a !== 0 && (a >= 1e5 || a < 1e-3) ? x.toExponential(2) : String(+x.toPrecision(4));
}

/** A colour ramp (gradient bar with its extremes) above a heatmap, drawn in SVG. */
function rampLegend(svg: Element, y: number): string | undefined {
  const scale = typeof svg.scale === "function" ? svg.scale("color") : undefined;
  if (!scale || scale.type !== "linear" || typeof scale.apply !== "function") return undefined;
  const [lo, hi] = scale.domain as [number, number];
  // Unique per figure: several SVGs inline in one notebook page share one id namespace.
  const id = `napple-ramp-${++rampCount}-${Math.floor(Math.random() * 1e9).toString(36)}`;
  const stops = Array.from({ length: 11 }, (_, i) => {
    const c = scale.apply(lo + ((hi - lo) * i) / 10);
    return `<stop offset="${i * 10}%" stop-color="${escapeXml(String(c))}"/>`;
  }).join("");
  const font = `font-size="10" font-family="system-ui, sans-serif"`;
  return `<defs><linearGradient id="${id}">${stops}</linearGradient></defs>` +
    `<text x="50" y="${y + 14}" ${font} text-anchor="end">${escapeXml(formatTick(lo))}</text>` +
    `<rect x="56" y="${y + 5}" width="160" height="10" fill="url(#${id})"/>` +
    `<text x="222" y="${y + 14}" ${font}>${escapeXml(formatTick(hi))}</text>`;
}

/** Stacks the panels under the title and legends into one standalone SVG string. */
export function compose(
  svgs: Element[],
  width: number,
  title: string | undefined,
  legend: { label: string; color: string }[],
): { svg: string; height: number } {
  let y = 0;
  const parts: string[] = [];
  if (title) {
    parts.push(
      `<text x="10" y="18" font-size="14" font-weight="bold" font-family="system-ui, sans-serif">${
        escapeXml(title)
      }</text>`,
    );
    y += 26;
  }
  if (legend.length) {
    let x = 50;
    let row = y + 12;
    for (const item of legend) {
      const w = 22 + 7 * Math.min(item.label.length, 24);
      if (x + w > width - 10) {
        x = 50;
        row += LEGEND_ROW;
      }
      parts.push(
        `<rect x="${x}" y="${row - 9}" width="10" height="10" fill="${escapeXml(item.color)}"/>` +
          `<text x="${x + 14}" y="${row}" font-size="10" font-family="system-ui, sans-serif">${
            escapeXml(item.label.slice(0, 24))
          }</text>`,
      );
      x += w;
    }
    y = row + 8;
  }
  for (const svg of svgs) {
    const ramp = rampLegend(svg, y);
    if (ramp) {
      parts.push(ramp);
      y += RAMP_ROW;
    }
    const h = Number(svg.getAttribute("height"));
    svg.setAttribute("x", "0");
    svg.setAttribute("y", String(y));
    parts.push(svg.outerHTML);
    y += h;
  }
  const head =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}">` +
    `<rect width="100%" height="100%" fill="white"/>`;
  return { svg: head + parts.join("") + "</svg>", height: y };
}
