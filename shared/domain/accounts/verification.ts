/**
 * Whether an account has proved it owns its email address. Everything that mails strangers or trusts an
 * email match (sending to guests, custom invitation text, accepting a team invitation by email) asks here,
 * so the rule has one home.
 */
export const isEmailVerified = (user: { email_verified_at?: string }): boolean => typeof user.email_verified_at === 'string';
