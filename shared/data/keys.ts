/**
 * Key builders: the only place that knows how keys are spelled.
 * Codes arrive already normalized (upper-case) by the domain layer.
 *
 * | entity     | pk                        | sk                      | gsi1pk                          | gsi1sk             |
 * |------------|---------------------------|-------------------------|---------------------------------|--------------------|
 * | Company    | COMPANY#<company>         | PROFILE                 |                                 |                    |
 * | User       | COMPANY#<company>         | USER#<user>             |                                 |                    |
 * | Audit      | AUDIT#<company>           | <iso time>#<id>         | AUDIT#<company>#USER#<target>   | <iso time>#<id>    |
 * | Audit      | AUDIT#_BANK (bank-wide)   | <iso time>#<id>         |                                 |                    |
 * | Session    | COMPANY#<company>         | SESSION#<user>          |                                 |                    |
 * | Challenge  | COMPANY#<company>         | CHALLENGE#<user>        |                                 |                    |
 * | Idempotency| IDEMPOTENCY#<caller>#<key>| IDEMPOTENCY             |                                 |                    |
 */
export const companyKeys = {
  profile: (company: string) => ({ pk: `COMPANY#${company}`, sk: 'PROFILE' }),
  partition: (company: string) => `COMPANY#${company}`,
};

export const userKeys = {
  profile: (company: string, user: string) => ({ pk: `COMPANY#${company}`, sk: `USER#${user}` }),
  /** Prefix of every user item's sort key in the company partition. */
  prefix: 'USER#',
  codeFromSortKey: (sk: string) => sk.slice('USER#'.length),
};

export const auditKeys = {
  partition: (company: string) => `AUDIT#${company}`,
  entry: (company: string, at: string, id: string, target?: string) => ({
    pk: `AUDIT#${company}`,
    sk: `${at}#${id}`,
    ...(target ? { gsi1pk: `AUDIT#${company}#USER#${target}`, gsi1sk: `${at}#${id}` } : {}),
  }),
  byUser: (company: string, user: string) => `AUDIT#${company}#USER#${user}`,
};

/**
 * The audit scope of bank-wide changes that concern no company (the WAF IP sets): written as
 * the `companyCode` of their audit entries. The underscore keeps it apart from every company
 * code (letters and digits only).
 */
export const BANK_AUDIT_SCOPE = '_BANK';

/** One session item per user: a new login replaces it, so a user has one active session at most. */
export const sessionKeys = {
  session: (company: string, user: string) => ({ pk: `COMPANY#${company}`, sk: `SESSION#${user}` }),
};

/** One pending login challenge per user (password change, image choice, OTP), single use. */
export const challengeKeys = {
  challenge: (company: string, user: string) => ({ pk: `COMPANY#${company}`, sk: `CHALLENGE#${user}` }),
};

export const idempotencyKeys = {
  record: (caller: string, key: string) => ({ pk: `IDEMPOTENCY#${caller}#${key}`, sk: 'IDEMPOTENCY' }),
};
