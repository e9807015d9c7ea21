/** The planted bugs `CHAT_BUG` can switch on, and what each does. */
export const BUGS = {
  'no-unique': 'the messages table has no UNIQUE constraint on client_offset, so a retried message is stored twice',
  'tutorial-broadcast':
    'the row an insert returns is broadcast, as in the tutorial: a message stored although its insert failed (the database reply was lost) is acked on its retry but never broadcast',
  'double-broadcast': 'every live broadcast is sent twice, so each connected client receives each new message twice',
  'catchup-race':
    "the catch-up runs as the tutorial's step writes it: the socket gets live broadcasts at once and its catch-up query runs beside them, not serialised, so a message broadcast while the query runs can arrive twice and out of order",
};

/**
 * Reads the planted bug from `CHAT_BUG` (empty: none).
 *
 * @throws Error naming the bugs there are, when `CHAT_BUG` names another.
 * @example
 * plantedBug({ CHAT_BUG: 'no-unique' }); // 'no-unique'
 */
export function plantedBug(env) {
  const bug = env.CHAT_BUG ?? '';
  if (bug !== '' && !Object.hasOwn(BUGS, bug)) {
    throw new Error(`CHAT_BUG=${bug} is not a planted bug: use one of ${Object.keys(BUGS).join(', ')}, or leave it unset`);
  }
  return bug;
}
