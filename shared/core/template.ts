/** Fills `{name}` placeholders. Unknown names are left as they are. */
export function fillTemplate(text: string, params: Record<string, unknown> = {}): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
