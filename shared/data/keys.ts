/**
 * Key builders: the only place that knows how keys are spelled.
 * Codes arrive already normalized (upper-case) by the domain layer.
 *
 * | entity     | pk                        | sk                      | gsi1pk                          | gsi1sk             |
 * |------------|---------------------------|-------------------------|---------------------------------|--------------------|
 * | Company    | COMPANY#<company>         | PROFILE                 |                                 |                    |
 * | User       | COMPANY#<company>         | USER#<user>             |                                 |                    |
 * | Audit      | AUDIT#<company>           | <iso time>#<id>         | AUDIT#<company>#USER#<target>   | <iso time>#<id>    |
 * | Session    | SESSION#<id>              | SESSION                 |                                 |                    |
 * | Challenge  | CHALLENGE#<id>            | CHALLENGE               |                                 |                    |
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

export const sessionKeys = {
  session: (id: string) => ({ pk: `SESSION#${id}`, sk: 'SESSION' }),
};

export const challengeKeys = {
  challenge: (id: string) => ({ pk: `CHALLENGE#${id}`, sk: 'CHALLENGE' }),
};

export const idempotencyKeys = {
  record: (caller: string, key: string) => ({ pk: `IDEMPOTENCY#${caller}#${key}`, sk: 'IDEMPOTENCY' }),
};
