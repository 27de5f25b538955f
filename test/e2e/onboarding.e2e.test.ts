import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillPath } from '../../infra/local/routing.ts';
import { onboardCompanyResponse, reissueResponse } from '../../shared/contracts/bank.ts';
import { route, routes } from '../../shared/routes.ts';
import { bankAuthorization, request } from '../helpers/http.ts';
import { type LocalStack, readSentEmails, type SentEmail, startTestStack } from '../helpers/local-stack.ts';

const MAIL_FROM = 'occinet@bancoccidente.example';

/** A company the bank onboards in these tests; no code appears in its names or e-mail address. */
const exporter = {
  companyCode: 'EXPIST01',
  legalName: 'Exportadora del Istmo, S.A.',
  language: 'en',
  accounts: [
    { number: '3020000001', alias: 'Operativa', type: 'CHECKING' },
    { number: '3020000002', type: 'SAVINGS' },
  ],
  administrator: {
    userCode: 'TESORERO',
    firstName: 'María',
    lastName: 'González',
    email: 'maria.gonzalez@exportadora.example',
  },
};

type Problem = { type: string; title: string; status: number; detail: string; code: string };

/**
 * The generic passwords in an e-mail: words that satisfy the bank's policy (letters and digits
 * only, 8–10 characters, exactly 6 letters and 2–4 digits, no character more than twice).
 */
function genericPasswordsIn(email: SentEmail): string[] {
  const words = `${email.body.text ?? ''} ${email.body.html ?? ''}`.match(
    /(?<![A-Za-z0-9])[A-Za-z0-9]{8,10}(?![A-Za-z0-9])/g,
  );
  const fitsPolicy = (word: string) => {
    const letters = word.replace(/[^A-Za-z]/g, '').length;
    const digits = word.replace(/[^0-9]/g, '').length;
    const counts = new Map<string, number>();
    for (const c of word.toLowerCase()) counts.set(c, (counts.get(c) ?? 0) + 1);
    return letters === 6 && digits >= 2 && digits <= 4 && Math.max(...counts.values()) <= 2;
  };
  return [...new Set((words ?? []).filter(fitsPolicy))];
}

function emailsTo(emails: SentEmail[], address: string): SentEmail[] {
  return emails.filter((email) => email.destination.to.some((to) => to.toLowerCase().includes(address)));
}

describe('Local stack: the bank onboards a company over HTTP', () => {
  let stack: LocalStack;
  /** The bank's onboarding of `exporter`, done once, and the e-mails to its administrator right after it. */
  let onboarded: { status: number; text: string; body: unknown };
  let onboardingMails: SentEmail[];
  const onboardPath = route('onboardCompany').path;
  const reissuePath = (companyCode: string) => fillPath(route('reissueAdminPassword').path, { companyCode });

  beforeAll(async () => {
    stack = await startTestStack('e2e_onboarding', {
      seed: true,
      env: { MAIL_FROM },
    });
    onboarded = await request<unknown>(new URL(onboardPath, stack.apiUrl), {
      headers: bankAuthorization(stack.bankKey),
      json: exporter,
    });
    onboardingMails = emailsTo(await readSentEmails(stack.sesUrl), exporter.administrator.email);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('seeds the guide’s demo company CORPORATIV and e-mails ADMON a generic password', async () => {
    // Assess
    expect(stack.seeded).toEqual({ outcome: 'created' });
    const mails = emailsTo(await readSentEmails(stack.sesUrl), 'admon@corporativ.example');
    expect(mails).toHaveLength(1);
    expect(mails[0]?.from).toContain(MAIL_FROM);
    expect(genericPasswordsIn(mails[0] as SentEmail)).toHaveLength(1);
    expect(`${mails[0]?.subject} ${mails[0]?.body.text}`).toMatch(/clave|contraseña/i);
  });

  it('returns 201 and the onboarded company, without the password', () => {
    // Assess
    expect(onboarded.status).toBe(201);
    const body = onboardCompanyResponse().parse(onboarded.body);
    expect(body).toMatchObject({
      companyCode: 'EXPIST01',
      legalName: 'Exportadora del Istmo, S.A.',
      language: 'en',
      administrator: { userCode: 'TESORERO', email: 'maria.gonzalez@exportadora.example' },
      genericPassword: { emailed: true },
    });
    expect(body.accounts.map((a) => a.number)).toEqual(['3020000001', '3020000002']);
    expect(Date.parse(body.genericPassword.expiresAt)).toBeGreaterThan(Date.parse(body.createdAt));
    const [password] = genericPasswordsIn(onboardingMails[0] as SentEmail);
    expect(password).toBeDefined();
    expect(onboarded.text).not.toContain(password);
  });

  it('e-mails the administrator a policy-conforming generic password, from the configured sender, in the company’s language', () => {
    // Assess
    expect(onboardingMails).toHaveLength(1);
    const mail = onboardingMails[0] as SentEmail;
    expect(mail.from).toContain(MAIL_FROM);
    expect(genericPasswordsIn(mail)).toHaveLength(1);
    const text = `${mail.subject}\n${mail.body.text ?? ''}`;
    expect(text).toMatch(/password/i);
    expect(text).not.toMatch(/clave|contraseña/i);
  });

  it('keeps the company code and the user code out of the e-mail', () => {
    // Assess
    const [mail] = onboardingMails;
    expect(mail).toBeDefined();
    const everything = JSON.stringify({
      subject: mail?.subject,
      body: mail?.body,
      headers: mail?.headers,
    }).toUpperCase();
    expect(everything).not.toContain(exporter.companyCode);
    expect(everything).not.toContain(exporter.administrator.userCode);
  });

  it('answers 409 COMPANY_EXISTS when the company is onboarded again, and sends nothing', async () => {
    // Prepare
    const before = (await readSentEmails(stack.sesUrl)).length;

    // Act
    const response = await request<Problem>(new URL(onboardPath, stack.apiUrl), {
      headers: bankAuthorization(stack.bankKey),
      json: { ...exporter, companyCode: 'expist01' },
    });

    // Assess
    expect(response.status).toBe(409);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.code).toBe('COMPANY_EXISTS');
    expect(await readSentEmails(stack.sesUrl)).toHaveLength(before);
  });

  it('re-issues the administrator’s generic password in a second e-mail with a different password', async () => {
    // Prepare
    const earlier = emailsTo(await readSentEmails(stack.sesUrl), exporter.administrator.email);

    // Act
    const response = await request<unknown>(new URL(reissuePath('EXPIST01'), stack.apiUrl), {
      method: 'POST',
      headers: bankAuthorization(stack.bankKey),
    });

    // Assess
    expect(response.status).toBe(200);
    expect(reissueResponse().parse(response.body)).toMatchObject({
      companyCode: 'EXPIST01',
      userCode: 'TESORERO',
      genericPassword: { emailed: true },
    });
    const mails = emailsTo(await readSentEmails(stack.sesUrl), exporter.administrator.email);
    expect(mails).toHaveLength(earlier.length + 1);
    const [reissued, ...extra] = genericPasswordsIn(mails.at(-1) as SentEmail);
    expect(extra).toEqual([]);
    expect(reissued).toBeDefined();
    expect(earlier.flatMap(genericPasswordsIn)).not.toContain(reissued);
  });

  it('onboards once when the bank repeats a request with the same Idempotency-Key, and answers the repeat as the first', async () => {
    // Prepare
    const company = {
      ...exporter,
      companyCode: 'EXPIST02',
      administrator: { ...exporter.administrator, email: 'tesoreria@istmo-dos.example' },
    };
    const headers = { ...bankAuthorization(stack.bankKey), 'Idempotency-Key': 'onboard-expist02-0001' };
    const reissue = () =>
      request(new URL(reissuePath('EXPIST02'), stack.apiUrl), { headers, method: 'POST' });

    // Act
    const first = await request(new URL(onboardPath, stack.apiUrl), { headers, json: company });
    const repeat = await request(new URL(onboardPath, stack.apiUrl), { headers, json: company });
    const reissues = [await reissue(), await reissue()];

    // Assess
    expect(first.status).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(repeat.status).toBe(201);
    expect(repeat.headers['idempotent-replayed']).toBe('true');
    expect(repeat.body).toEqual(first.body);
    // A route that is not idempotent ignores the header: each request runs.
    for (const reissued of reissues) {
      expect(reissued.status).toBe(200);
      expect(reissued.headers['idempotent-replayed']).toBeUndefined();
    }
    expect(emailsTo(await readSentEmails(stack.sesUrl), 'tesoreria@istmo-dos.example')).toHaveLength(3);
  });

  it('answers 403 problem to a bank route called without the bank key, and changes nothing', async () => {
    // Prepare
    const before = (await readSentEmails(stack.sesUrl)).length;

    // Act
    const response = await request<Problem>(new URL(onboardPath, stack.apiUrl), {
      json: { ...exporter, companyCode: 'NOKEY01' },
    });

    // Assess
    expect(response.status).toBe(403);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(await readSentEmails(stack.sesUrl)).toHaveLength(before);
  });

  it('answers 403 to a bank route called with a wrong key', async () => {
    // Act
    const response = await request<Problem>(new URL(reissuePath('EXPIST01'), stack.apiUrl), {
      method: 'POST',
      headers: bankAuthorization(`${stack.bankKey}x`),
    });

    // Assess
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('FORBIDDEN');
  });

  it('answers 404 problem, in Spanish by default, to an unknown route', async () => {
    // Act
    const response = await request<Problem>(new URL('/bank/nowhere', stack.apiUrl));

    // Assess
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 404, code: 'NOT_FOUND', title: 'No encontrado' });
  });

  it('answers 404 problem in English when Accept-Language prefers it', async () => {
    // Act
    const response = await request<Problem>(new URL('/bank/nowhere', stack.apiUrl), {
      headers: { 'Accept-Language': 'en-US,en;q=0.9,es;q=0.5' },
    });

    // Assess
    expect(response.status).toBe(404);
    expect(response.body.title).toBe('Not found');
  });

  it('answers 405 with an Allow header to a known path called with another method', async () => {
    // Act
    const response = await request<Problem>(new URL(onboardPath, stack.apiUrl), { method: 'DELETE' });

    // Assess
    expect(response.status).toBe(405);
    expect(response.headers.allow).toContain('POST');
    expect(response.body).toMatchObject({ status: 405, code: 'METHOD_NOT_ALLOWED' });
  });

  it('serves the API description of every route at /openapi.json', async () => {
    // Act
    const response = await request<{ paths: Record<string, Record<string, unknown>> }>(
      new URL('/openapi.json', stack.apiUrl),
    );

    // Assess
    expect(response.status).toBe(200);
    for (const r of routes) expect(response.body.paths[r.path]?.[r.method.toLowerCase()]).toBeDefined();
  });
});
