import { CHALLENGE_STATUSES, CHALLENGE_STATUS_LABELS, type ChallengeStatus } from '../../../shared/schemas/challenge.js';
import { bandOf, levelsOf, type Trend } from '../../../shared/domain/scoring.js';
import type { RiskRow } from '../../../shared/schemas/risk.js';
import { heatMapSvg } from './charts.js';
import { count, longDate } from './format.js';
import { html, type Html } from '../../core/html.js';
import type { PackData } from './pack-data.js';

/* The risks the board must hear about, with the heat map of its register; and its challenge log by agency. */

const TREND_WORDS: Record<Trend, string> = { worsening: 'Worsening', improving: 'Improving', unchanged: 'No change', new: 'New' };

function why(r: RiskRow, boardId: number): string {
  const parts: string[] = [];
  if (r.escalatedToBoardId === boardId) parts.push(`Escalated from ${r.boardName}`);
  if (r.aboveTolerance) parts.push(`Above tolerance${r.aboveToleranceSince ? ` since ${longDate(r.aboveToleranceSince)}` : ''}`);
  return parts.join('; ');
}

export function risks(d: PackData): Html {
  const boardId = d.meeting.meeting.boardId;
  const score = (r: RiskRow) => {
    const s = r.current.score;
    return s === null ? 'Not scored' : `${r.current.likelihood} × ${r.current.impact} = ${s}, ${bandOf(s, d.matrix).label}`;
  };
  const rows = d.risks.map(
    (r) => html`<tr data-testid="pack-risk">
<th scope="row" class="ref">${r.reference}</th>
<td>${r.title}</td>
<td>${r.ownerName ?? 'No owner'}${r.leadAgencyName ? `, ${r.leadAgencyName}` : ''}</td>
<td>${score(r)}</td>
<td class="num">${r.tolerance ?? '–'}</td>
<td>${why(r, boardId)}</td>
<td>${TREND_WORDS[r.trend]}</td>
<td>${r.nextReviewDate ? longDate(r.nextReviewDate) : '–'}${r.reviewOverdue ? html` <span class="overdue">(overdue)</span>` : ''}</td>
</tr>`,
  );
  return html`<section class="section" aria-labelledby="risks-heading">
<h2 id="risks-heading">Escalated and above-tolerance risks</h2>
${
  rows.length > 0
    ? html`<table>
<caption>${count(rows.length, 'risk')} escalated to the ${d.meeting.meeting.boardName} or above tolerance</caption>
<thead><tr><th scope="col">Ref</th><th scope="col">Risk</th><th scope="col">Owner</th><th scope="col">Current score</th><th scope="col" class="num">Tolerance</th><th scope="col">Why it is here</th><th scope="col">Trend</th><th scope="col">Review due</th></tr></thead>
<tbody>${rows}</tbody>
</table>`
    : html`<p>No open risk of the board is escalated to it or above its tolerance.</p>`
}
${heatMap(d)}
</section>`;
}

function heatMap(d: PackData): Html {
  const levels = levelsOf(d.matrix.size);
  const top = [...levels].reverse();
  const subject = `the ${d.meeting.meeting.boardName}'s open risks by current score`;
  const bands = [...d.matrix.bands].sort((a, b) => b.min - a.min).map((b) => `${d.heat.bands[b.key] ?? 0} ${b.label.toLowerCase()}`);
  return html`<h3 id="heat-heading">Heat map of the board's open risks</h3>
<p>${count(d.heat.total, 'open risk')}: ${bands.join(', ')}${d.heat.currentUnscored ? `, ${d.heat.currentUnscored} not scored` : ''}; ${d.heat.aboveTolerance} above tolerance, ${d.heat.escalated} escalated, ${d.heat.reviewOverdue} ${d.heat.reviewOverdue === 1 ? 'review' : 'reviews'} overdue.</p>
<div class="figure">
${heatMapSvg(d.matrix, d.heat.cells, 'heat', subject)}
<table data-testid="pack-heat-table">
<caption>Open risks by current likelihood (rows) and impact (columns)</caption>
<thead><tr><th scope="col">Likelihood</th>${levels.map((i) => html`<th scope="col">${i}. ${d.matrix.impact[i - 1]}</th>`)}</tr></thead>
<tbody>${top.map(
    (l) => html`<tr><th scope="row">${l}. ${d.matrix.likelihood[l - 1]}</th>${levels.map((i) => html`<td>${d.heat.cells[l - 1]?.[i - 1] ?? 0} (${bandOf(l * i, d.matrix).label})</td>`)}</tr>`,
  )}</tbody>
</table>
</div>`;
}

export function challengesByAgency(d: PackData): Html {
  const byAgency = new Map<string, { statuses: Record<ChallengeStatus, number>; overdue: number; total: number }>();
  for (const c of d.challenges) {
    let row = byAgency.get(c.directedAgencyName);
    if (!row) {
      row = { statuses: Object.fromEntries(CHALLENGE_STATUSES.map((s) => [s, 0])) as Record<ChallengeStatus, number>, overdue: 0, total: 0 };
      byAgency.set(c.directedAgencyName, row);
    }
    row.statuses[c.status]++;
    if (c.overdue) row.overdue++;
    row.total++;
  }
  const agencies = [...byAgency.entries()].sort(([a], [b]) => a.localeCompare(b, 'en-GB'));
  const overdue = d.challenges.filter((c) => c.overdue);
  return html`<section class="section" aria-labelledby="challenges-heading">
<h2 id="challenges-heading">Challenge log by agency</h2>
${
  agencies.length > 0
    ? html`<table data-testid="pack-challenges">
<caption>Challenges raised at the ${d.meeting.meeting.boardName} or escalated to it, by the agency they are directed to</caption>
<thead><tr><th scope="col">Agency</th>${CHALLENGE_STATUSES.map((s) => html`<th scope="col" class="num">${CHALLENGE_STATUS_LABELS[s]}</th>`)}<th scope="col" class="num">Overdue</th><th scope="col" class="num">Total</th></tr></thead>
<tbody>${agencies.map(
        ([name, row]) => html`<tr><th scope="row">${name}</th>${CHALLENGE_STATUSES.map((s) => html`<td class="num">${row.statuses[s]}</td>`)}<td class="num">${row.overdue}</td><td class="num">${row.total}</td></tr>`,
      )}</tbody>
</table>`
    : html`<p>No challenge has been raised at the board or escalated to it.</p>`
}
${
  overdue.length > 0
    ? html`<h3>Responses overdue</h3><ul>${overdue.map((c) => html`<li>${c.reference} to ${c.directedAgencyName}: ${c.title} (response due ${longDate(c.dueDate)})</li>`)}</ul>`
    : ''
}
</section>`;
}
