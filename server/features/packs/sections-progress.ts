import { formatIndicatorValue } from '../../../shared/domain/indicator-format.js';
import { periodLabel } from '../../../shared/domain/indicator-periods.js';
import { EXCEPTION_REASON_WORDS, POLARITY_LABELS, TRAVEL_WORDS } from '../../../shared/domain/scorecard.js';
import { ACTION_STATUS_LABELS } from '../../../shared/schemas/meeting.js';
import { RAG_LABELS, type Rag } from '../../../shared/schemas/plan.js';
import { INDICATOR_AREA_LABELS, type IndicatorDetail } from '../../../shared/schemas/scorecard.js';
import { trendSvg } from './charts.js';
import { count, longDate } from './format.js';
import { html, type Html } from '../../core/html.js';
import type { PackData } from './pack-data.js';

/* How the board's work is going: its improvement plans' RAG, the scorecard's exceptions, its open actions. */

const DIRECTION_WORDS = { improving: 'Improving', same: 'No change', worsening: 'Worsening' } as const;
/** Periods of an indicator's trend drawn in the pack (its page draws more). */
const TREND_PERIODS = 12;

/** A RAG in its colour and always in words: colour is never the only signal. */
function rag(value: Rag | null): Html {
  return value ? html`<span class="tag rag-${value}">${RAG_LABELS[value]}</span>` : html`<span class="tag rag-none">Not rated</span>`;
}

export function plans(d: PackData): Html {
  const sections = d.plans.map((p) => {
    const rows = p.themes.flatMap((t) =>
      t.objectives.map(
        (o) => html`<tr data-testid="pack-objective">
<td>${t.title}</td>
<td>${o.outcome}</td>
<td>${o.leadPersonName ?? o.leadAgencyName ?? '–'}</td>
<td>${rag(o.rag?.rag ?? null)}</td>
<td>${rag(o.suggestion.rag)}${o.suggestion.reasons.length > 0 ? html`<br><span class="muted">${o.suggestion.reasons.join('; ')}</span>` : ''}</td>
<td>${o.direction ? DIRECTION_WORDS[o.direction] : '–'}</td>
<td class="num">${o.actions.filter((a) => a.overdue).length} of ${o.actions.length}</td>
</tr>`,
      ),
    );
    const r = p.rollUp;
    return html`<h3>${p.title}</h3>
<p>${periodLabel('monthly', p.period)}: ${count(p.objectiveCount, 'objective')} (${r.red} red, ${r.amber} amber, ${r.green} green, ${r.none} not rated); ${p.overdueActionCount} of ${count(p.actionCount, 'action')} overdue.</p>
${
  rows.length > 0
    ? html`<table>
<caption>RAG of each objective of ${p.title}</caption>
<thead><tr><th scope="col">Theme</th><th scope="col">Objective</th><th scope="col">Lead</th><th scope="col">RAG decided</th><th scope="col">RAG suggested, and why</th><th scope="col">Direction</th><th scope="col" class="num">Actions overdue</th></tr></thead>
<tbody>${rows}</tbody>
</table>`
    : html`<p>This plan has no objectives yet.</p>`
}`;
  });
  return html`<section class="section" aria-labelledby="plans-heading">
<h2 id="plans-heading">Improvement plan RAG summary</h2>
${sections.length > 0 ? sections : html`<p>The board owns no improvement plan.</p>`}
</section>`;
}

function exception(x: IndicatorDetail, index: number): Html {
  const fmt = (v: number) => formatIndicatorValue(v, x.unit, x.decimals);
  const series = x.series.slice(-TREND_PERIODS);
  const england = new Map((x.comparatorSeries.find((c) => c.kind === 'england')?.values ?? []).map((v) => [v.period, v.value]));
  const label = (period: string) => periodLabel(x.frequency, period);
  return html`<section class="keep" data-testid="pack-exception">
<h3>${x.name}</h3>
<p>${INDICATOR_AREA_LABELS[x.area]} · ${POLARITY_LABELS[x.polarity]}${x.agencyName ? ` · ${x.agencyName}` : ''}. Latest: ${x.latest ? `${fmt(x.latest.value)} (${label(x.latest.period)})` : 'no value yet'}; target ${x.target === null ? 'none' : fmt(x.target)}; RAG ${rag(x.rag)}; ${x.travel ? TRAVEL_WORDS[x.travel].words.toLowerCase() : 'no trend yet'}.</p>
<p><strong>Why it is an exception:</strong> ${x.exceptions.map((e) => EXCEPTION_REASON_WORDS[e]).join('; ')}.</p>
${
  series.length > 0
    ? html`<div class="figure">
${trendSvg(series.map((v) => ({ label: label(v.period), value: v.value })), x.target, fmt, `trend-${index}`, x.name)}
<table>
<caption>Values of ${x.name}</caption>
<thead><tr><th scope="col">Period</th><th scope="col" class="num">Value</th><th scope="col">RAG</th>${england.size > 0 ? html`<th scope="col" class="num">England</th>` : ''}</tr></thead>
<tbody>${series.map(
        (v) => html`<tr><th scope="row">${label(v.period)}</th><td class="num">${fmt(v.value)}</td><td>${rag(v.rag)}</td>${england.size > 0 ? html`<td class="num">${england.has(v.period) ? fmt(england.get(v.period)!) : '–'}</td>` : ''}</tr>`,
      )}</tbody>
</table>
</div>`
    : ''
}
${x.caveat ? html`<p class="muted">Caveat: ${x.caveat}</p>` : ''}
</section>`;
}

export function scorecardExceptions(d: PackData): Html {
  return html`<section class="section" aria-labelledby="exceptions-heading">
<h2 id="exceptions-heading">Scorecard exceptions</h2>
${
  d.exceptions.length > 0
    ? html`<p>${count(d.exceptions.length, 'indicator')} the board should hear about: red against target, deteriorated two periods running, or worse than England by more than the tolerance.</p>${d.exceptions.map(exception)}`
    : html`<p>No indicator of the scorecard is an exception.</p>`
}
</section>`;
}

export function actionsLog(d: PackData): Html {
  const overdue = d.actions.filter((a) => a.overdue).length;
  return html`<section class="section" aria-labelledby="actions-heading">
<h2 id="actions-heading">Actions log</h2>
${
  d.actions.length > 0
    ? html`<table data-testid="pack-actions">
<caption>The board's ${count(d.actions.length, 'open action')}, ${overdue} overdue</caption>
<thead><tr><th scope="col">Ref</th><th scope="col">Action</th><th scope="col">Owner</th><th scope="col">Due</th><th scope="col">Status</th><th scope="col">Agreed at</th></tr></thead>
<tbody>${d.actions.map(
        (a) => html`<tr>
<th scope="row" class="ref">${a.reference}</th>
<td>${a.description}</td>
<td>${a.ownerName}${a.agencyName ? `, ${a.agencyName}` : ''}</td>
<td>${longDate(a.dueDate)}</td>
<td>${a.overdue ? html`<span class="overdue">Overdue</span>` : ACTION_STATUS_LABELS[a.status]}</td>
<td>${a.meetingTitle ? `${a.meetingTitle}${a.meetingDate ? `, ${longDate(a.meetingDate)}` : ''}` : '–'}${a.itemTitle ? html`<br><span class="muted">${a.itemTitle}</span>` : ''}</td>
</tr>`,
      )}</tbody>
</table>`
    : html`<p>The board has no open actions.</p>`
}
</section>`;
}
