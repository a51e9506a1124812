import { bandOf, type RiskMatrix } from '../../../shared/domain/scoring.js';
import { html, join, type Html } from '../../core/html.js';

/*
 * The pack's charts, drawn as inline SVG on the server (no script, nothing fetched). Each is a picture
 * of numbers that a table beside it gives in full: the chart is named (title and description) for
 * those who see it, and the table is what a screen reader or a search of the PDF reads.
 */

/**
 * The heat map: likelihood up, impact across, each cell in its band's colour with its count and the
 * band's name (colour is never the only signal). `cells[likelihood - 1][impact - 1]` counts risks.
 */
export function heatMapSvg(matrix: RiskMatrix, cells: readonly (readonly number[])[], id: string, subject: string): Html {
  const n = matrix.size;
  const cellW = 74;
  const cellH = 46;
  const left = 44;
  const top = 8;
  const width = left + n * cellW + 8;
  const height = top + n * cellH + 46;
  const levels = Array.from({ length: n }, (_, i) => i + 1);
  const rects = levels.flatMap((likelihood) =>
    levels.map((impact) => {
      const band = bandOf(likelihood * impact, matrix);
      const count = cells[likelihood - 1]?.[impact - 1] ?? 0;
      const x = left + (impact - 1) * cellW;
      const y = top + (n - likelihood) * cellH;
      return html`<g><rect x="${x}" y="${y}" width="${cellW - 2}" height="${cellH - 2}" fill="${band.colour}"/><text x="${x + cellW / 2 - 1}" y="${y + 20}" text-anchor="middle" font-size="15" font-weight="700" fill="${band.textColour}">${count}</text><text x="${x + cellW / 2 - 1}" y="${y + 36}" text-anchor="middle" font-size="8.5" fill="${band.textColour}">${band.label}</text></g>`;
    }),
  );
  const rowLabels = levels.map((l) => html`<text x="${left - 8}" y="${top + (n - l) * cellH + cellH / 2 + 3}" text-anchor="end" font-size="10">${l}</text>`);
  const colLabels = levels.map((i) => html`<text x="${left + (i - 1) * cellW + cellW / 2 - 1}" y="${top + n * cellH + 12}" text-anchor="middle" font-size="10">${i}</text>`);
  return html`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${id}-title ${id}-desc">
<title id="${id}-title">Heat map of ${subject}</title>
<desc id="${id}-desc">Number of risks in each cell of the ${n} by ${n} matrix, likelihood up and impact across; the table beside it gives the same numbers.</desc>
${join(rects)}${join(rowLabels)}${join(colLabels)}
<text x="${left + (n * cellW) / 2}" y="${top + n * cellH + 30}" text-anchor="middle" font-size="10" font-weight="700">Impact →</text>
<text x="12" y="${top + (n * cellH) / 2}" text-anchor="middle" font-size="10" font-weight="700" transform="rotate(-90 12 ${top + (n * cellH) / 2})">Likelihood →</text>
</svg>`;
}

export interface TrendPoint {
  label: string;
  value: number;
}

/**
 * A small line chart of an indicator's recent values, with its target as a dashed line when it has
 * one. The first and last periods are written under the axis, the lowest and highest values beside it.
 */
export function trendSvg(points: readonly TrendPoint[], target: number | null, format: (v: number) => string, id: string, name: string): Html {
  const width = 320;
  const height = 150;
  const left = 70;
  const right = 12;
  const top = 10;
  const bottom = 30;
  const values = points.map((p) => p.value).concat(target === null ? [] : [target]);
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (lo === hi) {
    lo -= 1;
    hi += 1;
  }
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const x = (i: number) => left + (points.length === 1 ? plotW / 2 : (i * plotW) / (points.length - 1));
  const y = (v: number) => top + plotH - ((v - lo) / (hi - lo)) * plotH;
  const line = points.map((p, i) => `${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  const targetLine =
    target === null
      ? ''
      : html`<line x1="${left}" x2="${width - right}" y1="${y(target).toFixed(1)}" y2="${y(target).toFixed(1)}" stroke="#505a5f" stroke-dasharray="4 3"/><text x="${width - right}" y="${(y(target) - 3).toFixed(1)}" text-anchor="end" font-size="8.5" fill="#505a5f">Target ${format(target)}</text>`;
  const first = points[0];
  const last = points[points.length - 1];
  return html`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${id}-title">
<title id="${id}-title">Trend of ${name}${first && last ? `, ${first.label} to ${last.label}` : ''}</title>
<line x1="${left}" x2="${left}" y1="${top}" y2="${top + plotH}" stroke="#b1b4b6"/>
<line x1="${left}" x2="${width - right}" y1="${top + plotH}" y2="${top + plotH}" stroke="#b1b4b6"/>
<text x="${left - 4}" y="${top + 8}" text-anchor="end" font-size="8.5">${format(hi)}</text>
<text x="${left - 4}" y="${top + plotH}" text-anchor="end" font-size="8.5">${format(lo)}</text>
${targetLine}
<polyline points="${line}" fill="none" stroke="#1d70b8" stroke-width="2"/>
${join(points.map((p, i) => html`<circle cx="${x(i).toFixed(1)}" cy="${y(p.value).toFixed(1)}" r="2.5" fill="#1d70b8"/>`))}
${first ? html`<text x="${left}" y="${height - 12}" font-size="8.5">${first.label}</text>` : ''}
${last && points.length > 1 ? html`<text x="${width - right}" y="${height - 12}" text-anchor="end" font-size="8.5">${last.label}</text>` : ''}
</svg>`;
}
