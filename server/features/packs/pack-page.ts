import { printDocument } from './document.js';
import { html, join, type Html } from '../../core/html.js';
import type { PackData } from './pack-data.js';
import { agenda, cover, packTitle } from './sections-meeting.js';
import { actionsLog, plans, scorecardExceptions } from './sections-progress.js';
import { challengesByAgency, risks } from './sections-register.js';

/**
 * The board pack as one print page, in the order a board reads it: the cover, the agenda, the risks
 * and heat map, the challenge log, the improvement plan, the scorecard's exceptions, the actions log, then
 * the highlight reports of the boards below.
 * The PDF carries the same page, with the attached papers after it.
 */
export function packPage(d: PackData, generatedAt: number, screenNote: Html): string {
  const sections = [cover(d, generatedAt), agenda(d), risks(d), challengesByAgency(d), plans(d), scorecardExceptions(d), actionsLog(d), ...d.highlights.map((h) => html`<section class="section">${h}</section>`)];
  return printDocument({ title: packTitle(d), marking: d.heading.marking, screenNote, body: join(sections, '\n') });
}
