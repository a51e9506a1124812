import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { onTestFinished } from 'vitest';

/** A received mail, parsed as a mail program would. */
export interface Received {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Each header as written (its raw value), by lower-case name. */
  headers: Record<string, string>;
}

export interface TestSmtp {
  url: string;
  mails: Received[];
  /** Refuse every mail from now on (the SMTP server away), or accept again. */
  refuse(on: boolean): void;
  close(): Promise<void>;
}

function headersOf(parsed: ParsedMail): Record<string, string> {
  return Object.fromEntries(parsed.headerLines.map((h) => [h.key, h.line.slice(h.line.indexOf(':') + 1).trim()]));
}

/** A real SMTP server on port 0 (smtp-server, AUTH PLAIN, no TLS on 127.0.0.1) that keeps what it is sent. */
export async function startSmtp(): Promise<TestSmtp> {
  const mails: Received[] = [];
  let refusing = false;
  const server = new SMTPServer({
    authOptional: false,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'board' && auth.password === 'secret') return callback(null, { user: 'board' });
      callback(new Error('Invalid username or password'));
    },
    onData(stream, _session, callback) {
      if (refusing) {
        stream.resume();
        stream.on('end', () => callback(new Error('Mailbox unavailable for the test')));
        return;
      }
      simpleParser(stream).then(
        (parsed) => {
          const to = Array.isArray(parsed.to) ? parsed.to.map((a) => a.text).join(', ') : (parsed.to?.text ?? '');
          mails.push({ to, subject: parsed.subject ?? '', text: parsed.text ?? '', html: typeof parsed.html === 'string' ? parsed.html : '', headers: headersOf(parsed) });
          callback();
        },
        (err: Error) => callback(err),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as { port: number };
  return {
    url: `smtp://board:secret@127.0.0.1:${port}`,
    mails,
    refuse: (on) => void (refusing = on),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** startSmtp, closed when the test ends. */
export async function useSmtp(): Promise<TestSmtp> {
  const smtp = await startSmtp();
  onTestFinished(() => smtp.close());
  return smtp;
}
