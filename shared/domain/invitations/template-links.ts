/**
 * Links in a planner's own invitation text (subject and body) must be https: the email goes to guests in
 * the API's name, so it must not carry `javascript:` or `data:` links, files, or plain http a network can
 * rewrite. The RSVP link the API puts in for `{{rsvp_link}}` is ours and not checked here.
 *
 * A link is `scheme://...` with any scheme, or a scheme that needs no slashes to act (`javascript:x`,
 * `data:text/html,...`) directly followed by something: "Time: 18:00" or "Data: see below" are not links.
 */
const slashedLink = /\b[a-z][a-z0-9+.-]{0,31}:\/\/[^\s<>"'`]*/gi;
const bareSchemeLink = /\b(?:javascript|vbscript|data|file|blob|mailto|ftp):[^\s<>"'`]+/gi;

export type LinkProblem = { path: string; message: string };

/** Every non-https link of a custom template, with where it is (`invitation_template.body`). */
export function unsafeTemplateLinks(template: { subject: string; body: string }, basePath = 'invitation_template'): LinkProblem[] {
  return (['subject', 'body'] as const).flatMap((part) => unsafeLinks(template[part]).map((link) => ({
    path: `${basePath}.${part}`,
    message: `"${shorten(link)}" is not an https link`,
  })));
}

/** The links of `text` that are not https, in order, each once. */
export function unsafeLinks(text: string): string[] {
  const found = new Map<number, string>();
  for (const match of text.matchAll(slashedLink)) found.set(match.index, match[0]);
  for (const match of text.matchAll(bareSchemeLink)) if (!found.has(match.index)) found.set(match.index, match[0]);
  const links = [...found.entries()].sort(([a], [b]) => a - b).map(([, link]) => link);
  return [...new Set(links.filter((link) => !/^https:\/\/[^\s/]/i.test(link)))];
}

const shorten = (link: string) => (link.length > 80 ? `${link.slice(0, 77)}...` : link);
