import type * as Y from 'yjs';

/**
 * Replaces a text's content by only what differs (the common start and end are kept), so an import
 * that changes a word does not replace, and contest, what someone else is typing elsewhere in it.
 */
export function setText(text: Y.Text, value: string): void {
  const old = text.toString();
  if (old === value) return;
  let start = 0;
  while (start < old.length && start < value.length && old[start] === value[start]) start++;
  let end = 0;
  while (end < old.length - start && end < value.length - start && old[old.length - 1 - end] === value[value.length - 1 - end]) end++;
  text.delete(start, old.length - start - end);
  text.insert(start, value.slice(start, value.length - end));
}
