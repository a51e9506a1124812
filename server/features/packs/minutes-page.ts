import { heldLine } from '../../../shared/domain/meeting-time.js';
import type { Minutes } from '../../../shared/schemas/meeting.js';
import type { PrintHeading } from '../admin/index.js';
import { printDocument } from './document.js';
import { dateAndTime, longDate } from './format.js';
import { html, type Html } from '../../core/html.js';

/*
 * The minutes as a print page: what the minutes page shows (the same `Minutes` answer), laid out for
 * paper, one heading per agenda item (so one bookmark each in the PDF).
 */

export function minutesTitle(m: Minutes): string {
  return `Minutes: ${m.meeting.boardName}, ${longDate(m.meeting.startsAt)}`;
}

export function minutesPage(m: Minutes, heading: PrintHeading, screenNote: Html): string {
  const when = m.held ?? heldLine(m.meeting);
  const lists: [string, string[]][] = [
    ['Present', m.attendance.present],
    ['Represented', m.attendance.represented],
    ['Apologies', m.attendance.apologies],
    ['Absent', m.attendance.absent],
    ['In attendance (observing)', m.attendance.observing ?? []],
    ['In attendance (guests)', m.attendance.guests],
  ];
  const items = m.items.map(
    (item, i) => html`<section class="item" data-testid="minutes-item">
<h2>${i + 1}. ${item.title}</h2>
${item.presenter ? html`<p class="muted">Presented by ${item.presenter}</p>` : ''}
${item.links && item.links.length > 0 ? html`<p><strong>Records discussed</strong></p><ul>${item.links.map((l) => html`<li>${l}</li>`)}</ul>` : ''}
${item.notes ? html`<p class="pre">${item.notes}</p>` : html`<p class="muted">No notes.</p>`}
${item.decisions.length > 0 ? html`<h3>Decisions</h3><ol>${item.decisions.map((d) => html`<li>${d.text}</li>`)}</ol>` : ''}
${
  item.actions.length > 0
    ? html`<h3>Actions</h3><table>
<thead><tr><th scope="col">Ref</th><th scope="col">Action</th><th scope="col">Owner</th><th scope="col">Due</th></tr></thead>
<tbody>${item.actions.map((a) => html`<tr><th scope="row" class="ref">${a.reference}</th><td>${a.description}</td><td>${a.ownerName}${a.agencyName ? `, ${a.agencyName}` : ''}</td><td>${longDate(a.dueDate)}</td></tr>`)}</tbody>
</table>`
    : ''
}
</section>`,
  );
  const body = html`<span class="caption">${heading.name} · ${m.meeting.boardName}</span>
<h1>Minutes of the ${m.meeting.title}</h1>
<p>${when}${m.meeting.location ? `, ${m.meeting.location}` : ''}.</p>
${
  m.signedOff
    ? html`<p><strong>Signed off as a true record by ${m.signedOff.byName} on ${dateAndTime(m.signedOff.at)}.</strong></p>`
    : html`<p><strong>Draft: these minutes have not been signed off and may still change.</strong></p>`
}
<h2>Attendance</h2>
<dl>${lists.filter(([, names]) => names.length > 0).map(([label, names]) => html`<dt><strong>${label}</strong></dt><dd><ul>${names.map((n) => html`<li>${n}</li>`)}</ul></dd>`)}</dl>
<p>The meeting was ${m.quorate ? 'quorate' : 'not quorate'}.</p>
${m.summary ? html`<h2>Summary</h2><p class="pre">${m.summary}</p>` : ''}
${items}`;
  return printDocument({ title: minutesTitle(m), marking: heading.marking, screenNote, body });
}
