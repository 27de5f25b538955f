import type * as z from 'zod/mini';

/** Describes one zod issue as `field: problem`, since zod/mini ships no messages of its own. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.join('.') || '(root)';
  const detail = (() => {
    // A message given in the schema says it best; zod/mini's own is just "Invalid input".
    if (issue.message !== 'Invalid input') return issue.message;
    switch (issue.code) {
      case 'too_big':
        return `must be at most ${issue.maximum}`;
      case 'too_small':
        return `must be at least ${issue.minimum}`;
      case 'invalid_type':
        return `expected ${issue.expected}`;
      case 'invalid_value':
        return `expected one of ${issue.values.join(', ')}`;
      case 'unrecognized_keys':
        return `unknown field(s) ${issue.keys.join(', ')}`;
      case 'invalid_format':
        return `not a valid ${issue.format}`;
      default:
        return issue.code;
    }
  })();
  return `${field}: ${detail}`;
}
