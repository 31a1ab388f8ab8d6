// Placeholders in runbook commands (`{{session_id}}`), asked for once per incident and filled in
// everywhere, and the secrets among them, which are never written to a record in clear: people
// share their screen during incidents, and records are committed to repositories.

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*\}\}/g;

export const SECRET_MASK = '••••';
export const MAX_VARIABLE_VALUE = 1000;

/** Placeholder names in the text, each once, in order of appearance. */
export function findPlaceholders(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(PLACEHOLDER)) names.add(m[1]);
  return [...names];
}

/** Placeholder names over every command of every step, each once, in order of appearance. */
export function runbookPlaceholders(rb: { phases: { steps: { commands: { code: string }[] }[] }[] }): string[] {
  const names = new Set<string>();
  for (const p of rb.phases) for (const s of p.steps) for (const c of s.commands) for (const n of findPlaceholders(c.code)) names.add(n);
  return [...names];
}

/** The text with known placeholders replaced; unknown ones are left as written and listed in `missing`. */
export function fillPlaceholders(text: string, variables: Record<string, string>): { text: string; missing: string[] } {
  const missing = new Set<string>();
  const filled = text.replace(PLACEHOLDER, (whole, name: string) => {
    if (Object.prototype.hasOwnProperty.call(variables, name)) return variables[name];
    missing.add(name);
    return whole;
  });
  return { text: filled, missing: [...missing] };
}

// Whole words of a name (split at _ . - and camelCase) that mean its value is a secret.
const SECRET_WORDS = new Set(['password', 'passwd', 'pwd', 'secret', 'token', 'credential', 'credentials', 'apikey', 'passphrase', 'auth', 'bearer', 'cookie', 'jwt', 'otp', 'dsn']);
// Two-word secrets: "api key", "private key", "access key", "secret key", "session key", "signing key".
const SECRET_BEFORE_KEY = new Set(['api', 'private', 'access', 'secret', 'signing', 'encryption', 'client', 'master', 'ssh']);

/**
 * Whether a placeholder's value should be masked. Decided on whole words, so `db_password`,
 * `apiKey`, `GITHUB_TOKEN` and `private-key` are secrets, while `key_prefix`, `cache_key`,
 * `token_count`... are judged by their words too: a bare "key" is usually a Redis key name (not a
 * secret), and a "token"/"password" word anywhere makes the name secret, since guessing wrong
 * that way only hides a value on screen.
 */
export function isSecretName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    if (SECRET_WORDS.has(words[i])) return true;
    if (words[i] === 'key' && i > 0 && SECRET_BEFORE_KEY.has(words[i - 1])) return true;
  }
  return false;
}

/** The text with every secret variable's value (non-empty, at least 3 characters) replaced by ••••. */
export function maskSecrets(text: string, variables: Record<string, string>, secretNames: string[]): string {
  // Longest first, so a secret that contains another is masked whole.
  const values = secretNames
    .map((n) => (Object.prototype.hasOwnProperty.call(variables, n) ? variables[n] : undefined))
    .filter((v): v is string => typeof v === 'string' && v.length >= 3 && v !== SECRET_MASK)
    .sort((a, b) => b.length - a.length);
  let out = text;
  for (const v of values) out = out.split(v).join(SECRET_MASK);
  return out;
}

/** The variables as a record may keep them: secret values replaced by the mask. */
export function maskedVariables(variables: Record<string, string>): { variables: Record<string, string>; secretNames: string[] } {
  const out: Record<string, string> = {};
  const secretNames: string[] = [];
  for (const [name, value] of Object.entries(variables)) {
    if (isSecretName(name)) {
      secretNames.push(name);
      out[name] = SECRET_MASK;
    } else out[name] = value;
  }
  return { variables: out, secretNames };
}

/** An error message for a value that must not go into a command line, else undefined. */
export function validateVariableValue(value: string): string | undefined {
  if (value.length > MAX_VARIABLE_VALUE) return `The value is too long (${value.length} characters; at most ${MAX_VARIABLE_VALUE}).`;
  if (/[\r\n\u2028\u2029]/.test(value)) return 'The value contains a line break, which would run the command early in a terminal.';
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(value)) {
    return 'The value contains a tab or another control character (or an invisible text-direction mark), which a terminal could act on.';
  }
  return undefined;
}

export function isValidPlaceholderName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name) && name.length <= 100;
}
