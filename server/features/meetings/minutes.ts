import { heldLine } from '../../../shared/domain/meeting-time.js';
import type { MeetingState, Minutes } from '../../../shared/schemas/meeting.js';

/**
 * The minutes, composed from the meeting itself: who attended, each item's shared notes, its decisions
 * and the actions captured in it. Nobody writes minutes after the event; they exist when the meeting ends.
 */
export function composeMinutes(state: MeetingState, summary: string): Minutes {
  const named = (name: string, agency: string) => `${name} (${agency})`;
  const a = state.attendance;
  const items = state.agenda.map((item) => ({
    id: item.id,
    title: item.title,
    presenter: item.presenterName ? `${item.presenterName}${item.presenterAgencyName ? `, ${item.presenterAgencyName}` : ''}` : item.presenterAgencyName,
    notes: item.notes,
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
      apologies: a.filter((x) => x.status === 'apologies').map((x) => named(x.name, x.agencyName)),
      absent: a.filter((x) => x.status === 'absent').map((x) => named(x.name, x.agencyName)),
      guests: state.guests.map((g) => (g.agency ? named(g.name, g.agency) : g.name)),
    },
    quorate: state.quorum.met,
    summary,
    items,
    signedOff: state.meeting.signedOffAt ? { byName: state.meeting.signedOffByName ?? '', at: state.meeting.signedOffAt } : null,
  };
}
