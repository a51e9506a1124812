import * as Y from 'yjs';

export type TextControl = HTMLTextAreaElement | HTMLInputElement;

/** Where a person's caret or selection sits in one shared text, as relative positions (they survive edits). */
export interface CursorState {
  /** Which text: a field name such as "cause" or "mitigation:<id>:action". */
  field: string;
  anchor: unknown;
  head: unknown;
}

/** The smallest single replacement that turns `before` into `after`, preferring the caret as the edit's end. */
export function minimalDiff(before: string, after: string, caret: number | null): { index: number; remove: number; insert: string } {
  let start = 0;
  const maxStart = Math.min(before.length, after.length);
  // Never let the common prefix run past the caret: typing "a" in "aa" at 1 inserts at 1, not 2.
  const prefixLimit = caret === null ? maxStart : Math.min(maxStart, Math.max(0, caret - Math.max(0, after.length - before.length)));
  while (start < prefixLimit && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
    endBefore--;
    endAfter--;
  }
  return { index: start, remove: endBefore - start, insert: after.slice(start, endAfter) };
}

/**
 * Binds a Y.Text to a textarea or text input, both ways. Local typing becomes the minimal insert and
 * delete; remote changes rewrite the value and put the local caret back where it was, held as a
 * Y.RelativePosition so text added before it moves it along. `onCursor` hears the local selection as
 * relative positions, for awareness.
 */
export class TextBinding {
  private relAnchor: Y.RelativePosition | null = null;
  private relHead: Y.RelativePosition | null = null;
  private readonly origin = this;
  private readonly observer: (event: Y.YTextEvent, tr: Y.Transaction) => void;
  private readonly listeners: [string, EventListener][] = [];
  private composing = false;

  constructor(
    private readonly ytext: Y.Text,
    private readonly el: TextControl,
    private readonly options: {
      field: string;
      maxLength?: number;
      onCursor?: (cursor: CursorState | null) => void;
      onRemoteChange?: () => void;
    },
  ) {
    el.value = ytext.toString();
    this.observer = (_event, tr) => {
      if (tr.origin === this.origin) return;
      this.applyRemote();
    };
    ytext.observe(this.observer);
    this.listen('input', () => this.onInput());
    this.listen('compositionstart', () => {
      this.composing = true;
    });
    this.listen('compositionend', () => {
      this.composing = false;
      this.onInput();
    });
    for (const type of ['select', 'keyup', 'mouseup', 'focus']) this.listen(type, () => this.captureSelection());
    this.listen('blur', () => this.options.onCursor?.(null));
  }

  private listen(type: string, fn: () => void): void {
    const handler: EventListener = () => fn();
    this.el.addEventListener(type, handler);
    this.listeners.push([type, handler]);
  }

  private onInput(): void {
    if (this.composing) return;
    const before = this.ytext.toString();
    let after = this.el.value;
    if (this.options.maxLength !== undefined && after.length > this.options.maxLength) {
      after = after.slice(0, this.options.maxLength);
      this.el.value = after;
    }
    if (before === after) return;
    const { index, remove, insert } = minimalDiff(before, after, this.el.selectionEnd);
    this.ytext.doc!.transact(() => {
      if (remove > 0) this.ytext.delete(index, remove);
      if (insert.length > 0) this.ytext.insert(index, insert);
    }, this.origin);
    this.captureSelection();
  }

  /** Remembers the local selection as relative positions and tells awareness. */
  captureSelection(): void {
    const start = this.el.selectionStart ?? 0;
    const end = this.el.selectionEnd ?? start;
    const backward = this.el.selectionDirection === 'backward';
    const anchor = backward ? end : start;
    const head = backward ? start : end;
    // assoc -1: the caret holds on to the character before it, so text someone else adds right at
    // the caret (or at the end) goes after it instead of dragging it along.
    this.relAnchor = Y.createRelativePositionFromTypeIndex(this.ytext, anchor, -1);
    this.relHead = Y.createRelativePositionFromTypeIndex(this.ytext, head, -1);
    if (document.activeElement === this.el) {
      this.options.onCursor?.({
        field: this.options.field,
        anchor: Y.relativePositionToJSON(this.relAnchor),
        head: Y.relativePositionToJSON(this.relHead),
      });
    }
  }

  private applyRemote(): void {
    const text = this.ytext.toString();
    if (this.el.value === text) return;
    const focused = document.activeElement === this.el;
    const doc = this.ytext.doc!;
    const anchor = this.relAnchor ? Y.createAbsolutePositionFromRelativePosition(this.relAnchor, doc) : null;
    const head = this.relHead ? Y.createAbsolutePositionFromRelativePosition(this.relHead, doc) : null;
    const scrollTop = this.el.scrollTop;
    this.el.value = text;
    if (focused && anchor && head) {
      const a = anchor.index;
      const h = head.index;
      this.el.setSelectionRange(Math.min(a, h), Math.max(a, h), a > h ? 'backward' : 'forward');
    }
    this.el.scrollTop = scrollTop;
    this.options.onRemoteChange?.();
  }

  destroy(): void {
    this.ytext.unobserve(this.observer);
    for (const [type, handler] of this.listeners) this.el.removeEventListener(type, handler);
    this.listeners.length = 0;
  }
}

/** Resolves a remote cursor to indexes in the text, or null when it points elsewhere or nowhere. */
export function resolveCursor(cursor: CursorState, ytext: Y.Text): { anchor: number; head: number } | null {
  const doc = ytext.doc;
  if (!doc) return null;
  try {
    const anchor = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(cursor.anchor), doc);
    const head = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(cursor.head), doc);
    if (!anchor || !head || anchor.type !== ytext || head.type !== ytext) return null;
    return { anchor: anchor.index, head: head.index };
  } catch {
    return null;
  }
}
