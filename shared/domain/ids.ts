import { randomBytes } from 'node:crypto';

/** A time-ordered id of 26 characters: the creation time in milliseconds, then 80 random bits. */
export function newOperationId(now: Date): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let time = now.getTime();
  let head = '';
  for (let i = 0; i < 10; i++) {
    head = (alphabet[time % 32] as string) + head;
    time = Math.floor(time / 32);
  }
  const random = [...randomBytes(16)].map((b) => alphabet[b % 32]).join('');
  return head + random;
}

/** The id of a pending change (dual control): time-ordered like an operation's. */
export const newChangeId = newOperationId;
