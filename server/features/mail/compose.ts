import { clockTime } from '../../../shared/domain/date-words.js';
import { escapeHtml } from '../../core/html.js';
import { londonLongDate } from '../../../shared/domain/meeting-time.js';
import { NOTIFICATION_KIND_LABELS, type NotificationKind } from '../../../shared/schemas/mail.js';

/** A mail as it is kept in the outbox and sent: a subject, plain text and HTML saying the same. */
export interface ComposedMail {
  subject: string;
  text: string;
  html: string;
}

export interface MailFrame {
  partnershipName: string;
  /** The partnership's protective marking, at the top and bottom of every mail. */
  marking: string;
  /** Where the person changes which mails they get; null for mails that are always sent. */
  preferencesUrl: string | null;
  /** One click: no more of this kind (signed for this person). */
  unsubscribeUrl: string | null;
}

export interface NotificationMailInput {
  kind: NotificationKind;
  /** The notification's own words: a record's reference and title, and dates (never more). */
  text: string;
  /** More than the title (a challenge's question, a risk's description): mailed only if the partnership allows it. */
  detail: string | null;
  url: string;
  createdAt: string;
}


/** "Friday 4 December 2026 at 16:05": times in mails are London's, whatever the server's zone. */
export function londonWhen(at: string): string {
  return `${londonLongDate(at)} at ${clockTime(at)}`;
}

/** The frame every mail shares: the marking above and below, the partnership, the way out. */
function framed(frame: MailFrame, subject: string, textBody: string[], htmlBody: string): ComposedMail {
  const foot = [frame.preferencesUrl ? `Choose which e-mails you get: ${frame.preferencesUrl}` : null, frame.unsubscribeUrl ? `No more e-mails of this kind: ${frame.unsubscribeUrl}` : null].filter((l) => l !== null);
  const text = [frame.marking, '', ...textBody, '', '—', frame.partnershipName, ...foot, '', frame.marking].join('\n');
  const links = [
    frame.preferencesUrl ? `<a href="${escapeHtml(frame.preferencesUrl)}">Choose which e-mails you get</a>` : null,
    frame.unsubscribeUrl ? `<a href="${escapeHtml(frame.unsubscribeUrl)}">No more e-mails of this kind</a>` : null,
  ].filter((l) => l !== null);
  const marking = `<p style="margin:0 0 16px;font-weight:bold;letter-spacing:0.05em">${escapeHtml(frame.marking)}</p>`;
  const html = [
    '<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>',
    escapeHtml(subject),
    '</title></head><body style="font-family:Arial,Helvetica,sans-serif;color:#1b1b1b;line-height:1.5;max-width:640px">',
    marking,
    htmlBody,
    `<hr><p style="color:#454545;font-size:14px">${escapeHtml(frame.partnershipName)}${links.length > 0 ? `<br>${links.join(' · ')}` : ''}</p>`,
    marking.replace('margin:0 0 16px', 'margin:16px 0 0'),
    '</body></html>',
  ].join('');
  return { subject: `[${frame.marking}] ${subject}`, text, html };
}

/** A notification as a mail: its kind as the subject, its words, the link to the record. */
export function notificationMail(frame: MailFrame, n: NotificationMailInput): ComposedMail {
  const label = NOTIFICATION_KIND_LABELS[n.kind];
  const text = [n.text, ...(n.detail ? ['', n.detail] : []), '', `Open it: ${n.url}`, `(${londonWhen(n.createdAt)})`];
  const html = [
    `<h1 style="font-size:20px">${escapeHtml(label)}</h1>`,
    `<p>${escapeHtml(n.text)}</p>`,
    n.detail ? `<p style="white-space:pre-wrap">${escapeHtml(n.detail)}</p>` : '',
    `<p><a href="${escapeHtml(n.url)}">Open it in the product</a></p>`,
    `<p style="color:#454545;font-size:14px">${escapeHtml(londonWhen(n.createdAt))}</p>`,
  ].join('');
  return framed(frame, `${label}: ${n.text}`.slice(0, 200), text, html);
}

/** The morning's digest: every notification of the kinds the person takes so, oldest first. */
export function digestMail(frame: MailFrame, day: string, items: readonly NotificationMailInput[]): ComposedMail {
  const heading = `Your digest for ${londonLongDate(`${day}T12:00:00Z`)}`;
  const text = [heading, '', ...items.flatMap((n) => [`${NOTIFICATION_KIND_LABELS[n.kind]}: ${n.text}`, ...(n.detail ? [n.detail] : []), `  ${n.url}`, ''])];
  const html = [
    `<h1 style="font-size:20px">${escapeHtml(heading)}</h1><ul>`,
    ...items.map((n) => `<li><strong>${escapeHtml(NOTIFICATION_KIND_LABELS[n.kind])}</strong>: <a href="${escapeHtml(n.url)}">${escapeHtml(n.text)}</a>${n.detail ? `<br><span style="white-space:pre-wrap">${escapeHtml(n.detail)}</span>` : ''}</li>`),
    '</ul>',
  ].join('');
  return framed(frame, `${items.length} update${items.length === 1 ? '' : 's'} from ${frame.partnershipName}`, text, html);
}

/** An invitation or a password reset: a one-time link, always sent. */
export function linkMail(frame: MailFrame, purpose: 'invitation' | 'password_reset', name: string, url: string, expiresAt: string): ComposedMail {
  const invitation = purpose === 'invitation';
  const subject = invitation ? `You are invited to ${frame.partnershipName}` : 'Choose a new password';
  const lead = invitation
    ? `${name}, you have been added to ${frame.partnershipName}'s risk register and board. Choose your password to sign in.`
    : `${name}, someone asked to reset the password of your account. If it was you, choose a new one; if not, ignore this mail (your password is unchanged).`;
  const until = `The link works once, until ${londonWhen(expiresAt)}.`;
  const html = `<h1 style="font-size:20px">${escapeHtml(subject)}</h1><p>${escapeHtml(lead)}</p><p><a href="${escapeHtml(url)}">${invitation ? 'Accept the invitation' : 'Choose a new password'}</a></p><p>${escapeHtml(until)}</p>`;
  return framed(frame, subject, [lead, '', url, '', until], html);
}
