/** Limits enforced by the server and respected by the client; one place for each number. */
export const LIMITS = {
  nameMax: 200,
  emailMax: 254,
  passwordMin: 8,
  passwordMax: 200,
  textMax: 20_000,
  jsonBodyBytes: 256 * 1024,
  /**
   * Sign-in throttling (server/services/sign-in-limits.ts). Failures for one account from one address
   * are free up to loginFreeFailures; then each further try there waits a doubling delay, from
   * loginDelayFirstMs up to loginDelayMaxMs (see shared/domain/sign-in.ts): a guesser slows to a crawl,
   * and nobody is locked out. Across all accounts one address may fail loginFailuresPerAddress times in
   * the window; across all addresses one account may fail loginFailuresPerAccount times, except from an
   * address it signed in from within loginKnownAddressMs. A pair's count is forgotten after a window
   * without failures.
   */
  loginFreeFailures: 5,
  loginDelayFirstMs: 1_000,
  loginDelayMaxMs: 60_000,
  loginFailuresPerAddress: 30,
  loginFailuresPerAccount: 200,
  loginWindowMs: 15 * 60 * 1000,
  loginKnownAddressMs: 30 * 24 * 60 * 60 * 1000,
  /** Sign-ins that may wait at once for attempts in flight (beyond them, a refusal instead). */
  loginWaitingMax: 200,
  /** Password-reset links asked for from one address: a burst, then one a minute (server/features/auth/password-reset.ts). */
  passwordResetBurst: 5,
  passwordResetPerSecond: 1 / 60,
  invitationTtlMs: 7 * 24 * 60 * 60 * 1000,
  /** A self-service password reset link works for an hour, and one is sent at most every quarter of an hour per account. */
  passwordResetTtlMs: 60 * 60 * 1000,
  passwordResetEveryMs: 15 * 60 * 1000,
  presenceThrottleMs: 250,
  /** Several processes: how long one waits for the others to answer (who is in a board room) before going on without them (the Redis adapter's requestsTimeout). */
  presenceAskMs: 2000,
  /**
   * Several processes: open connections are counted in Redis, each scored by when it is given up for
   * lost; every process renews its own live ones this often, so a process killed outright (kill -9)
   * holds nobody's places for longer than openConnectionExpiryMs (server/core/shared-connections.ts).
   */
  openConnectionRenewMs: 20_000,
  openConnectionExpiryMs: 60_000,
  /** Several processes: a day's invisible-content spending (DOC_LIMITS) is kept this long, past any time zone's day. */
  dailyBudgetKeptMs: 2 * 24 * 60 * 60 * 1000,
  /** How long saving waits for Redis's answer on a daily document budget before the process's own budget answers. */
  sharedBudgetWaitMs: 500,
  /** A risk matrix's level labels and band names: short enough to sit in a heat-map cell. */
  matrixLabelMax: 40,
  matrixBandsMin: 2,
  matrixBandsMax: 6,
  /** WCAG 2.2 AA contrast for normal text, between a band's colour and its text. */
  contrastMin: 4.5,
  /** How long the server keeps an idle keep-alive HTTP connection: longer than a load balancer's own (60 s on the common ones). */
  httpKeepAliveMs: 65_000,
  /** How long a stopping process lets requests already under way be answered before it cuts their connections. */
  shutdownGraceMs: 5_000,
} as const;

/**
 * The register of a partnership is read a page at a time (keyset cursor), however many risks it holds:
 * a page is at most registerPageMax rows; a client asking for none gets registerPageDefault. The other
 * bounds keep a query string, and so the work one request can ask for, small.
 */
export const REGISTER_LIMITS = {
  pageDefault: 100,
  pageMax: 500,
  /** Characters of the register's text search. */
  searchMax: 100,
  /** Characters of a cursor: the server's own are far shorter, so anything longer is not one of them. */
  cursorMax: 400,
  /** Ids in one "where do these rows sit now" question (what a "rows:changed" push names). */
  placeIdsMax: 200,
  /** Rows of the small lookup (id, reference, title) by ids. */
  lookupIdsMax: 200,
} as const;

/**
 * The header's search (issue 16): a query is at most `queryMax` characters and `termsMax` words (each
 * word is one FTS5 phrase); an answer lists at most `perKind` hits of each kind, or `oneKindMax` when
 * one kind is asked for. Counts are always whole.
 */
export const SEARCH_LIMITS = {
  queryMax: 200,
  termsMax: 12,
  perKind: 10,
  oneKindMax: 100,
  /** Words of context a snippet shows around its hits. */
  snippetWords: 16,
} as const;

/**
 * What one shared document may hold. The server refuses, whole, any update that would pass one of
 * these (the editor is told why); the client's editors respect them too.
 */
export const DOC_LIMITS = {
  /** Bytes of the document's encoded state: what every later viewer downloads and the server keeps in memory. */
  stateBytesMax: 4 * 1024 * 1024,
  /** Characters in one shared text (a risk's cause, a challenge's question, an item's notes). */
  textMax: LIMITS.textMax,
  mitigationsPerRisk: 100,
  notesPerMitigation: 200,
  noteMax: 4_000,
  decisionsPerItem: 200,
  decisionMax: 4_000,
  /** Length of a sub-record's key within its document (a mitigation's or a decision's). */
  keyMax: 64,
  /**
   * How far a progress note's time may be from the server's clock when it arrives: a little ahead
   * (clock skew), and up to a week behind (written offline, synced on reconnect).
   */
  noteAheadMs: 5 * 60_000,
  noteBehindMs: 7 * 24 * 60 * 60_000,
  /**
   * What one person may add to one document in a day beyond its visible content. Every deleted item
   * (deleted by the update, or arriving deleted) and every new Yjs client id stays in the document's
   * state for good, so without a budget one co-editor could type and delete until a record reaches its
   * size limit, without changing a word anyone sees, and freeze it. A person editing all day deletes a
   * few thousand items at most (a backspace is one; deleting a typed run is one).
   */
  newWritersPerPersonPerDay: 200,
  tombstonesPerPersonPerDay: 20_000,
  /** Awareness: client ids one connection may speak for, and the size of one person's state. */
  awarenessIdsPerConnection: 2,
  awarenessStateBytes: 4_096,
} as const;

/**
 * What one signed-in session may ask of the Socket.io channel. Without these, one session opened
 * 1,000 connections and raised 1,000 challenges (each notifying people) in 2.4 s.
 */
export const SOCKET_LIMITS = {
  /** Concurrent Socket.io connections per person, across their sessions: a tab holds one, so this allows many tabs and devices. */
  connectionsPerPerson: 20,
  /**
   * Commands per person, as a token bucket shared by all of their sessions and connections (signing in
   * again buys nothing): sustained per second,
   * and the burst a page may send at once (far above what a person clicking produces).
   */
  commandsPerSecond: 10,
  commandBurst: 30,
  /**
   * Packets one connection may hold for its session check, the batch a read is out for included (one
   * read of storage answers all that arrived while the read before it was out). Past this, a packet is
   * refused at once: a flood costs at most this many held packets and two reads in turn, and a page's own bursts (far under the
   * command burst) never meet it.
   */
  packetsAwaitingSessionCheck: 64,
} as const;
export type SocketLimits = { [K in keyof typeof SOCKET_LIMITS]: number };

/**
 * The improvement plan (issue 12): how long its texts may be, how many links one record may carry, and
 * how many monthly periods of RAG history an objective shows (a year: the board's annual look back).
 */
export const PLAN_LIMITS = {
  titleMax: 200,
  /** An objective's outcome, an action's description, a recommendation's text: a paragraph or two. */
  textMax: 4_000,
  /** An action's milestones and its latest progress update (co-edited in the objective's doc). */
  notesMax: 4_000,
  /** An objective's progress narrative (co-edited in its doc): a page or two. */
  narrativeMax: 10_000,
  /** Why a RAG differs from the suggestion. */
  rationaleMax: 2_000,
  sourceMax: 200,
  recommendationNumberMax: 999,
  /** Lead officers of one action; recommendations or risks linked to one record. */
  leadsMax: 20,
  linksMax: 50,
  historyPeriods: 12,
  /** Objectives "Build agenda" proposes from the board's plans at most: the worst first, the rest wait a month. */
  agendaObjectivesMax: 6,
  /** How much of an objective's outcome an agenda item's title keeps. */
  agendaOutcomeChars: 80,
} as const;

/**
 * The evidence store (issue 12): what one upload may be, and how much a list or a record may carry.
 * A file larger than fileBytesMax is refused whole (413) and nothing is stored.
 */
export const EVIDENCE_LIMITS = {
  fileBytesMax: 20 * 1024 * 1024,
  /** A multipart body's parts besides the file (title, date, kind and the links). */
  fieldsMax: 20,
  fieldBytesMax: 8 * 1024,
  fileNameMax: 255,
  titleMax: 200,
  urlMax: 2_000,
  noteMax: 8_000,
  /** Records of each kind one evidence item links to. */
  linksMax: 50,
  searchMax: 100,
  /**
   * Uploads read at once: a file is held in memory while its body arrives (up to fileBytesMax each),
   * so one person may have this many in flight (429 past it), and the whole process this many (503).
   */
  uploadsPerPersonMax: 2,
  uploadsPerProcessMax: 8,
  /**
   * An upload whose body stops arriving for this long is cut: otherwise a stalled (or deliberately
   * slow) upload holds its slots, and the memory read so far, until Node's own request timeout (5 min).
   */
  uploadIdleMs: 30_000,
} as const;

/** The performance scorecard (issue 13). */
export const SCORECARD_LIMITS = {
  nameMax: 200,
  definitionMax: 2_000,
  caveatMax: 1_000,
  noteMax: 1_000,
  decimalsMax: 3,
  /** Any value an indicator can hold (a count of referrals, a rate, days): beyond this it is a typing slip. */
  valueMax: 1e9,
  comparatorsMax: 6,
  comparatorNameMax: 100,
  /** Values of one comparator, and values recorded in one go (a period's grid, an import). */
  comparatorValuesMax: 120,
  valuesPerCommandMax: 500,
  linksMax: 50,
  /** Periods an indicator's page and the scorecard's trend draw. */
  seriesPeriods: 24,
} as const;

/** Imports of spreadsheets (issue 14): risks, mitigations, plan actions, indicator values. */
export const IMPORT_LIMITS = {
  /** A file's bytes as uploaded (a register of 10,000 rows as XLSX is about 1.5 MB). */
  bytesMax: 8 * 1024 * 1024,
  /** What an XLSX may unpack to, checked before the workbook is read (a zip bomb is refused). */
  unpackedBytesMax: 32 * 1024 * 1024,
  /** Rows under the headings. */
  rowsMax: 10_000,
  /** The headings are looked for in the first rows (a title or a merged banner above them). */
  headingSearchRows: 10,
  /** A previewed import can be committed for this long. */
  previewTtlMs: 60 * 60 * 1000,
  /** A cell's text (a risk's description may be this long); a longer cell is a row error, never cut short. */
  cellMax: 20_000,
} as const;

/** PDFs made on the server by printing its own print pages in headless Chromium (issue 14: board packs, minutes). */
export const PDF_LIMITS = {
  /** PDFs rendered at once: each holds a Chromium page (tens of MB) and most of a core on this 2-core machine. */
  rendersAtOnce: 2,
  /** Requests waiting for a turn; one more is 503 SERVER_BUSY (with Retry-After) rather than a queue that grows without end. */
  queueMax: 8,
  /** A render that takes longer than this is abandoned (its page closed) and answered 500. */
  renderTimeoutMs: 60_000,
  /** Seconds a SERVER_BUSY answer asks the client to wait. */
  busyRetryAfterSeconds: 5,
} as const;
