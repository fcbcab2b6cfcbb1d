import { Resvg } from "@resvg/resvg-js";

export interface Bar {
  label: string;
  /** One value per series (grouped bars) or per stack segment (stacked). */
  values: number[];
}

export interface ChartSpec {
  title: string;
  unit: string;
  series: string[];
  bars: Bar[];
  stacked?: boolean;
}

const COLORS = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#9c755f"];
const esc = (s: string) => s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

/** A horizontal bar chart (grouped or stacked) as SVG: labels left, bars right, a legend on top. */
export function barChartSvg(spec: ChartSpec): string {
  const labelWidth = 300;
  const plotWidth = 520;
  const rowHeight = spec.stacked ? 22 : 12 * spec.series.length + 10;
  const top = 64;
  const height = top + spec.bars.length * rowHeight + 40;
  const width = labelWidth + plotWidth + 90;
  const totals = spec.bars.map((b) => (spec.stacked ? b.values.reduce((a, v) => a + v, 0) : Math.max(...b.values)));
  const max = Math.max(...totals.filter(Number.isFinite), 1e-9);
  const scale = (v: number) => (v / max) * plotWidth;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="DejaVu Sans" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="22" font-size="15" font-weight="bold">${esc(spec.title)}</text>`,
  ];
  spec.series.forEach((name, i) => {
    const x = 10 + i * 115;
    parts.push(`<rect x="${x}" y="34" width="12" height="12" fill="${COLORS[i % COLORS.length]}"/>`);
    parts.push(`<text x="${x + 16}" y="45">${esc(name)}</text>`);
  });
  spec.bars.forEach((bar, r) => {
    const y = top + r * rowHeight;
    parts.push(`<text x="${labelWidth - 6}" y="${y + rowHeight / 2 + 2}" text-anchor="end">${esc(bar.label)}</text>`);
    let x = labelWidth;
    bar.values.forEach((value, i) => {
      if (!Number.isFinite(value)) return;
      const w = Math.max(0.5, scale(value));
      const color = COLORS[i % COLORS.length];
      if (spec.stacked) {
        parts.push(`<rect x="${x}" y="${y + 3}" width="${w}" height="${rowHeight - 6}" fill="${color}"/>`);
        x += w;
      } else {
        const by = y + 5 + i * 12;
        parts.push(`<rect x="${labelWidth}" y="${by}" width="${w}" height="10" fill="${color}"/>`);
        parts.push(`<text x="${labelWidth + w + 4}" y="${by + 9}" font-size="10">${value}</text>`);
      }
    });
    if (spec.stacked)
      parts.push(`<text x="${x + 4}" y="${y + rowHeight / 2 + 3}" font-size="10">${totals[r]?.toFixed(1)}</text>`);
  });
  parts.push(`<text x="${labelWidth}" y="${height - 12}" fill="#555">${esc(spec.unit)}</text>`);
  parts.push("</svg>");
  return parts.join("\n");
}

export function renderPng(svg: string): Buffer {
  return new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" } }).render().asPng();
}
