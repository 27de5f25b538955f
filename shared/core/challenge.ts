/** What a challenge token lets its holder do before a session: the login steps that come after the password. */
export type ChallengePurpose = 'change_password' | 'choose_image' | 'otp';
