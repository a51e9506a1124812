import { REPORTING_CYCLE_LABELS } from '../../../shared/domain/reporting.js';
import type { HighlightReport } from '../../../shared/schemas/reports.js';
import { html, longDate, printDocument, type Html } from '../packs/index.js';

const MONTH_NAME = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const RAG = { red: 'Red', amber: 'Amber', green: 'Green' } as Record<string, string>;

/** "November 2026" */
export function monthName(month: string): string {
  return MONTH_NAME.format(Date.parse(`${month}-01T00:00:00Z`));
}

export function highlightTitle(r: HighlightReport): string {
  return `Highlight report: ${r.board.name}, ${monthName(r.month)}`;
}

const none = (text: string) => html`<p class="muted">${text}</p>`;

/**
 * A board's highlight report as a print page (the same page the PDF prints): each section a heading
 * (a bookmark in the PDF) and a table of what the record says, every value escaped.
 */
export function highlightBody(r: HighlightReport, level: 1 | 2 = 1): Html {
  const h = (text: string) => (level === 1 ? html`<h2>${text}</h2>` : html`<h3>${text}</h3>`);
  const moves = [...r.escalated.map((m) => ({ ...m, how: 'Escalated' })), ...r.deescalated.map((m) => ({ ...m, how: 'De-escalated' }))];
  return html`
    ${level === 1 ? html`<h1>${highlightTitle(r)}</h1>` : html`<h2>${highlightTitle(r)}</h2>`}
    <p>${r.reportsTo ? `For the ${r.reportsTo.name}${r.dueBy ? `, due by ${longDate(r.dueBy)}` : ''}.` : 'This board reports to no other board.'} Reporting cycle: ${REPORTING_CYCLE_LABELS[r.cycle]}.</p>
    ${h('Risks escalated and de-escalated')}
    ${moves.length === 0 ? none('None this month.') : html`<table><thead><tr><th scope="col">Risk</th><th scope="col">Moved</th><th scope="col">When</th><th scope="col">Why</th></tr></thead><tbody>${moves.map((m) => html`<tr><th scope="row" class="ref">${m.reference} ${m.title}</th><td>${m.how}</td><td>${longDate(m.at)}</td><td>${m.reason}</td></tr>`)}</tbody></table>`}
    ${h('Risks above tolerance')}
    ${r.aboveTolerance.length === 0 ? none('No risk on the register is above its tolerance.') : html`<table><thead><tr><th scope="col">Risk</th><th scope="col" class="num">Current score</th><th scope="col" class="num">Tolerance</th><th scope="col">Above since</th></tr></thead><tbody>${r.aboveTolerance.map((x) => html`<tr><th scope="row">${x.reference} ${x.title}</th><td class="num">${x.score ?? '–'}</td><td class="num">${x.tolerance ?? '–'}</td><td>${x.since ? longDate(x.since) : '–'}</td></tr>`)}</tbody></table>`}
    ${h('Issues and decisions')}
    ${r.decisions.length === 0 ? none('No decisions recorded at the board’s meetings this month.') : html`<table><thead><tr><th scope="col">Meeting</th><th scope="col">Decision</th></tr></thead><tbody>${r.decisions.map((d) => html`<tr><th scope="row">${d.meetingTitle}, ${longDate(d.date)}</th><td class="pre">${d.text}</td></tr>`)}</tbody></table>`}
    ${r.challengesEscalated.length === 0 ? none('No challenge was escalated this month.') : html`<table><caption>Challenges escalated</caption><thead><tr><th scope="col">Challenge</th><th scope="col">To</th><th scope="col">When</th><th scope="col">Why</th></tr></thead><tbody>${r.challengesEscalated.map((c) => html`<tr><th scope="row">${c.reference} ${c.title}</th><td>${c.agencyName}</td><td>${longDate(c.at)}</td><td>${c.reason}</td></tr>`)}</tbody></table>`}
    ${h('Improvement plan RAG changes')}
    ${r.ragChanges.length === 0 ? none('No objective’s RAG changed this month.') : html`<table><thead><tr><th scope="col">Objective</th><th scope="col">From</th><th scope="col">To</th><th scope="col">Decided</th></tr></thead><tbody>${r.ragChanges.map((c) => html`<tr><th scope="row">${c.outcome} <span class="muted">(${c.planTitle})</span></th><td>${c.from ? RAG[c.from] ?? c.from : 'Not rated'}</td><td><span class="tag rag-${c.to}">${RAG[c.to] ?? c.to}</span></td><td>${longDate(c.decidedAt)}${c.byName ? `, ${c.byName}` : ''}</td></tr>`)}</tbody></table>`}
    ${h('Scorecard exceptions')}
    ${r.exceptions.length === 0 ? none('No indicator is an exception.') : html`<table><thead><tr><th scope="col">Indicator</th><th scope="col">Latest</th><th scope="col">Why it is an exception</th></tr></thead><tbody>${r.exceptions.map((e) => html`<tr><th scope="row">${e.name}</th><td>${e.latest ?? '–'}</td><td>${e.reasons.join('; ')}</td></tr>`)}</tbody></table>`}
  `;
}

export function highlightPage(r: HighlightReport, screenNote: Html): string {
  return printDocument({ title: highlightTitle(r), marking: r.marking, screenNote, body: highlightBody(r) });
}
