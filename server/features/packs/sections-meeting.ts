import { PAPER_STATE_WORDS } from '../../../shared/domain/papers.js';
import { MEETING_STATUS_LABELS, type PaperView } from '../../../shared/schemas/meeting.js';
import { clockTime, count, dateAndTime, longDate } from './format.js';
import { html, join, type Html } from '../../core/html.js';
import type { PackData } from './pack-data.js';

/*
 * The pack's first pages: the cover and the agenda. Each agenda item is a heading of its own, so the
 * PDF has a bookmark for each.
 */

export function packTitle(d: Pick<PackData, 'meeting'>): string {
  return `${d.meeting.meeting.boardName}: board pack, ${longDate(d.meeting.meeting.startsAt)}`;
}

export function cover(d: PackData, generatedAt: number): Html {
  const m = d.meeting.meeting;
  return html`<section class="cover" aria-labelledby="cover-heading">
<span class="caption">${d.heading.name}</span>
<h1 id="cover-heading">${m.boardName}: board pack</h1>
<dl>
<dt>Meeting</dt><dd>${m.title}</dd>
<dt>Date and time</dt><dd data-testid="pack-when">${dateAndTime(m.startsAt)}</dd>
${m.location ? html`<dt>Location</dt><dd>${m.location}</dd>` : ''}
${m.onlineLink ? html`<dt>Online</dt><dd>${m.onlineLink}</dd>` : ''}
<dt>Papers due</dt><dd>${longDate(m.papersDeadline)}</dd>
<dt>Status</dt><dd>${MEETING_STATUS_LABELS[m.status]}</dd>
<dt>Protective marking</dt><dd>${d.heading.marking}</dd>
</dl>
<p class="muted">Made on ${dateAndTime(new Date(generatedAt).toISOString())} from the register, challenge log, improvement plan, scorecard and actions log as they stood then.</p>
<h2 class="contents-heading">Contents</h2>
<ol>
<li>Agenda (${count(d.meeting.agenda.length, 'item')})</li>
<li>Escalated and above-tolerance risks, with the heat map</li>
<li>Challenge log by agency</li>
<li>Improvement plan RAG summary</li>
<li>Scorecard exceptions</li>
<li>Actions log</li>
${d.papers.length > 0 ? html`<li>Attached papers (${count(d.papers.length, 'paper')}), after the actions log</li>` : ''}
</ol>
</section>`;
}

/** Where the paper is: in the pack (a PDF that has arrived), in the evidence store (another kind of file), or still expected. */
function paperNote(p: PaperView, inPack: boolean): string {
  const state = PAPER_STATE_WORDS[p.state].toLowerCase();
  if (p.evidenceId === null) return state;
  return inPack ? `${state}; at the end of this pack` : `${state}; not in this pack, which carries PDF papers only`;
}

export function agenda(d: PackData): Html {
  const m = d.meeting.meeting;
  let at = Date.parse(m.startsAt);
  const items = d.meeting.agenda.map((item, i) => {
    const from = at;
    at += item.minutes * 60_000;
    const presenter = item.presenterName ? `${item.presenterName}${item.presenterAgencyName ? `, ${item.presenterAgencyName}` : ''}` : item.presenterAgencyName;
    const papers = d.meeting.papers.filter((p) => p.itemId === item.id);
    const merged = new Set(d.papers.map((p) => p.id));
    return html`<section class="item" data-testid="pack-agenda-item">
<h3>${i + 1}. ${item.title}</h3>
<p class="muted">${clockTime(from)} to ${clockTime(at)} (${count(item.minutes, 'minute')})${presenter ? html` · Presented by ${presenter}` : ''}</p>
${item.links.length > 0 ? html`<p>About: ${join(item.links.map((l) => l.label), '; ')}</p>` : ''}
${papers.length > 0 ? html`<p>Papers:</p><ul>${papers.map((p) => html`<li>${p.title}${p.authorName ? `, by ${p.authorName}` : ''} (${paperNote(p, merged.has(p.id))})</li>`)}</ul>` : ''}
</section>`;
  });
  return html`<section class="section" aria-labelledby="agenda-heading">
<h2 id="agenda-heading">Agenda</h2>
<p>${m.title}, ${dateAndTime(m.startsAt)}${m.location ? `, ${m.location}` : ''}.</p>
${items.length > 0 ? items : html`<p>The agenda has no items yet.</p>`}
</section>`;
}
