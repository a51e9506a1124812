/**
 * Whether the meeting's people panel (attendance and quorum, hands, who is here) is open, kept per
 * browser: a chair who folds it away on the room's laptop finds it folded at the next meeting.
 */
const KEY = 'meeting.peoplePanel';

function read(): boolean {
  try {
    return globalThis.localStorage?.getItem(KEY) !== 'closed';
  } catch {
    // Storage refused (private mode, a policy): the panel starts open, and is not remembered.
    return true;
  }
}

export class PanelState {
  open = $state(read());

  toggle(): void {
    this.open = !this.open;
    try {
      globalThis.localStorage?.setItem(KEY, this.open ? 'open' : 'closed');
    } catch {
      // Not remembered; the panel still opens and closes.
    }
  }
}
