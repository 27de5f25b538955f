import { SESv2Client } from '@aws-sdk/client-sesv2';
import { readConfig } from '../../shared/config.ts';
import { createLogger } from '../../shared/core/logger.ts';
import { tenant } from '../../shared/core/tenant.ts';
import { sesMailer } from '../../shared/mail/mailer.ts';
import { SAMPLE_NOTICES } from '../../shared/mail/security-notices.ts';
import { securityNotifier } from '../../shared/services/notify.ts';
import { loadTenant } from '../config/tenant.ts';
import { LOCAL_CREDENTIALS } from './dynamodb.ts';

/** Where the previews go: an address of no one, so they stand apart in the mail viewer. */
export const PREVIEW_RECIPIENT = 'vista-previa@correo.example';

/**
 * `npm run bank -- preview-mail`: one of each security notification, in Spanish and in
 * English, sent through the local SES so they can be read in its mail viewer. The bank's name
 * and sender come from the same configuration as the functions' (TENANT, MAIL_FROM).
 */
export async function previewSecurityNotices(env: { sesUrl: string; region: string }): Promise<number> {
  const config = readConfig({
    ...process.env,
    TABLE_NAME: process.env.TABLE_NAME ?? 'preview',
    AWS_REGION: env.region,
    MAIL_FROM: process.env.MAIL_FROM ?? loadTenant().mail.localFromAddress,
  });
  const ses = new SESv2Client({ region: env.region, endpoint: env.sesUrl, credentials: LOCAL_CREDENTIALS });
  const notifier = securityNotifier(sesMailer(ses, { from: config.MAIL_FROM as string }), tenant().name);
  const log = createLogger({ write: (line) => console.error(line) });
  let sent = 0;
  for (const language of ['es', 'en'] as const) {
    for (const notice of SAMPLE_NOTICES) {
      if (await notifier.notify({ email: PREVIEW_RECIPIENT, language }, notice, log)) sent++;
    }
  }
  return sent;
}
