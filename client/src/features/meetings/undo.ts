import { tick } from 'svelte';
import type { Undoable } from './meeting.svelte';

/** After a removal, focus goes to its Undo button: the button pressed has gone with the row. */
export async function focusUndo(where: Undoable['where']): Promise<void> {
  await tick();
  document.querySelector<HTMLElement>(`[data-testid="undo-${where}-button"]`)?.focus();
}
