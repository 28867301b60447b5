/**
 * SVG for reports: transition graphs rendered from DOT with Graphviz
 * (`@viz-js/viz`, WebAssembly, offline) and cleaned for inlining into a
 * self-contained HTML page, and the small bar chart of a report.
 */
import { escapeXml } from "./xml.ts";

/**
 * Makes Graphviz's SVG output fit for inlining: drops the XML declaration,
 * the DOCTYPE (it names a DTD on the network), comments, and the xlink
 * namespace when nothing uses it, so the only URL left is the SVG namespace.
 */
export function inlineSvg(svg: string): string {
  let out = svg
    .replace(/<\?xml[^>]*\?>\s*/g, "")
    .replace(/<!DOCTYPE[^>]*>\s*/g, "")
    .replace(/<!--[\s\S]*?-->\s*/g, "");
  if (!/xlink:(?!xmlns)[a-z]+=/.test(out.replace(/xmlns:xlink="[^"]*"/g, ""))) {
    out = out.replace(/\s+xmlns:xlink="[^"]*"/g, "");
  }
  return out.trim();
}

/** Renders DOT graphs to inline SVG, in order; one Graphviz instance for all of them (loaded on first use). */
export async function dotToSvg(dots: readonly string[]): Promise<string[]> {
  if (dots.length === 0) return [];
  const { instance } = await import("@viz-js/viz");
  const viz = await instance();
  return dots.map((dot) => inlineSvg(viz.renderString(dot, { format: "svg", engine: "dot" })));
}

/** One bar of a chart: `value` out of `total`. */
export interface ChartBar {
  label: string;
  value: number;
  total: number;
}

const BAR = { labelWidth: 190, barWidth: 300, height: 18, gap: 4, figureWidth: 120 };

/**
 * A horizontal bar chart as inline SVG: one row per bar, the bar's length its
 * share of its total, the count and percentage written beside it.
 */
export function barChartSvg(bars: readonly ChartBar[], title: string): string {
  const row = BAR.height + BAR.gap;
  const width = BAR.labelWidth + BAR.barWidth + BAR.figureWidth;
  const height = Math.max(1, bars.length) * row;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(title)}">`,
    `<title>${escapeXml(title)}</title>`,
  ];
  bars.forEach((bar, i) => {
    const y = i * row;
    const share = bar.total === 0 ? 0 : Math.min(1, bar.value / bar.total);
    const length = Math.round(share * BAR.barWidth * 10) / 10;
    const middle = y + BAR.height / 2 + 4;
    parts.push(
      `<text x="${BAR.labelWidth - 8}" y="${middle}" text-anchor="end" font-family="sans-serif" font-size="12" fill="#222">${escapeXml(bar.label)}</text>`,
      `<rect x="${BAR.labelWidth}" y="${y}" width="${BAR.barWidth}" height="${BAR.height}" fill="#eef1f5"/>`,
      `<rect x="${BAR.labelWidth}" y="${y}" width="${length}" height="${BAR.height}" fill="#4a7fc1"/>`,
      `<text x="${BAR.labelWidth + BAR.barWidth + 8}" y="${middle}" font-family="sans-serif" font-size="12" fill="#444">${bar.value} (${(100 * share).toFixed(1)}%)</text>`,
    );
  });
  parts.push("</svg>");
  return parts.join("\n");
}
