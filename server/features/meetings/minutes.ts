import { heldLine } from '../../../shared/domain/meeting-time.js';
import type { MeetingState, Minutes } from '../../../shared/schemas/meeting.js';

/**
 * The minutes, composed from the meeting itself: who attended, each item's shared notes, its decisions
 * and the actions captured in it. Nobody writes minutes after the event; they exist when the meeting ends.
 */
export function composeMinutes(state: MeetingState, summary: string): Minutes {
  // "Margaret Ellison (Northbrook Council)"; an agency already in brackets is not bracketed again.
  const named = (name: string, agency: string) => (/[()]/.test(agency) ? `${name}, ${agency}` : `${name} (${agency})`);
  // Observers attend but are not members: they are listed apart, never among those present.
  const a = state.attendance.filter((x) => x.role !== 'observer');
  const observers = state.attendance.filter((x) => x.role === 'observer');
  const items = state.agenda.map((item) => ({
    id: item.id,
    title: item.title,
    presenter: item.presenterName ? `${item.presenterName}${item.presenterAgencyName ? `, ${item.presenterAgencyName}` : ''}` : item.presenterAgencyName,
    notes: item.notes,
    links: item.links.map((l) => l.label),
    decisions: state.decisions.filter((d) => d.itemId === item.id && d.text.trim() !== '').map((d) => ({ text: d.text })),
    actions: state.actions
      .filter((x) => x.itemId === item.id)
      .map((x) => ({ reference: x.reference, description: x.description, ownerName: x.ownerName, agencyName: x.agencyName, dueDate: x.dueDate })),
  }));
  return {
    meeting: state.meeting,
    held: heldLine(state.meeting),
    attendance: {
      present: a.filter((x) => x.status === 'present').map((x) => named(x.name, x.agencyName)),
      represented: a.filter((x) => x.status === 'represented').map((x) => `${named(x.name, x.agencyName)}, represented by ${x.deputy?.name ?? 'a deputy'}`),
      // An observer's apologies are still recorded, said to be an observer's; an observer who did not come is not "absent".
      apologies: [...a.filter((x) => x.status === 'apologies').map((x) => named(x.name, x.agencyName)), ...observers.filter((x) => x.status === 'apologies').map((x) => `${named(x.name, x.agencyName)}, observer`)],
      absent: a.filter((x) => x.status === 'absent').map((x) => named(x.name, x.agencyName)),
      observing: observers.filter((x) => x.status === 'present').map((x) => named(x.name, x.agencyName)),
      guests: state.guests.map((g) => (g.agency ? named(g.name, g.agency) : g.name)),
    },
    quorate: state.quorum.met,
    summary,
    items,
    signedOff: state.meeting.signedOffAt ? { byName: state.meeting.signedOffByName ?? '', at: state.meeting.signedOffAt } : null,
  };
}
