/**
 * Whether a password being typed meets one rule of the policy, by the rule's code and
 * parameters (the API's `GET /auth/password-rules`): true or false for the rules of its
 * composition, undefined for those the API checks on submission (history, common words, codes).
 * Pure, so the unit tests run it.
 */
export function ruleMet(code: string, params: Record<string, number>, password: string): boolean | undefined {
  const chars = [...password];
  const count = (pattern: RegExp) => chars.filter((c) => pattern.test(c)).length;
  switch (code) {
    case 'password_characters':
      return password.length > 0 && /^[A-Za-z0-9]*$/.test(password);
    case 'password_printable':
      return password.length > 0 && !/\p{Cc}/u.test(password);
    case 'password_length':
      return chars.length >= (params.min ?? 0) && chars.length <= (params.max ?? Number.POSITIVE_INFINITY);
    case 'password_letters':
      return count(/[A-Za-z]/) === params.letters;
    case 'password_digits':
      return (
        count(/[0-9]/) >= (params.min ?? 0) && count(/[0-9]/) <= (params.max ?? Number.POSITIVE_INFINITY)
      );
    case 'password_repeats': {
      if (password.length === 0) return false;
      const counts = new Map<string, number>();
      for (const c of chars) counts.set(c.toLowerCase(), (counts.get(c.toLowerCase()) ?? 0) + 1);
      return Math.max(...counts.values()) <= (params.max ?? Number.POSITIVE_INFINITY);
    }
    default:
      return undefined;
  }
}
