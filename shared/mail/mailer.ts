import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Sends e-mail; an interface so use cases can be tested without SES. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<{ messageId?: string }>;
}

/**
 * SES v2 mailer. The configuration set (created by the stack) requires TLS to the
 * recipient's server and records bounces and complaints.
 */
export function sesMailer(ses: SESv2Client, options: { from: string; configurationSet?: string }): Mailer {
  return {
    async send(mail) {
      const result = await ses.send(
        new SendEmailCommand({
          FromEmailAddress: options.from,
          Destination: { ToAddresses: [mail.to] },
          ...(options.configurationSet ? { ConfigurationSetName: options.configurationSet } : {}),
          Content: {
            Simple: {
              Subject: { Data: mail.subject, Charset: 'UTF-8' },
              Body: {
                Text: { Data: mail.text, Charset: 'UTF-8' },
                Html: { Data: mail.html, Charset: 'UTF-8' },
              },
            },
          },
        }),
      );
      return { messageId: result.MessageId };
    },
  };
}
