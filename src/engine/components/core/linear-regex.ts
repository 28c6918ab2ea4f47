// Regular expressions written in flows run on RE2 (the pure-JS `re2js`), whose matching time is linear in
// the text: a pattern like `^(a+)+$` from a shared or served flow cannot hang a run. What RE2 cannot
// express (backreferences, lookaround) is refused when the flow is validated, with the reason.
import { RE2JS } from 're2js';

/** Longest pattern accepted; compiling is linear in it too, but a flow has no use for megabyte patterns. */
export const MAX_PATTERN_LENGTH = 10_000;

const compiled = new Map<string, RE2JS>();
const MAX_CACHED = 200;

/** Why `pattern` cannot be used in a flow, or undefined when it can. */
export function regexProblem(pattern: string): string | undefined {
  try {
    compileLinearRegex(pattern);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Whether `pattern` finds a match anywhere in `text` (like RegExp.test); throws a readable Error for an unsupported pattern. */
export function matchesPattern(pattern: string, text: string): boolean {
  return compileLinearRegex(pattern).matcher(text).find();
}

export function compileLinearRegex(pattern: string): RE2JS {
  const cached = compiled.get(pattern);
  if (cached) return cached;
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw new Error(
      `the regular expression is ${pattern.length.toLocaleString('en-US')} characters long; at most ${MAX_PATTERN_LENGTH.toLocaleString('en-US')} are allowed`,
    );
  }
  let regex: RE2JS;
  try {
    regex = RE2JS.compile(pattern);
  } catch (error) {
    throw new Error(`not a supported regular expression: ${explain((error as Error).message)}`);
  }
  if (compiled.size >= MAX_CACHED) compiled.delete(compiled.keys().next().value!);
  compiled.set(pattern, regex);
  return regex;
}

function explain(re2Message: string): string {
  const detail = re2Message.replace(/^error parsing regexp: /, '');
  if (/invalid escape sequence: `\\[1-9]/.test(detail)) {
    return 'backreferences such as \\1 are not supported (patterns run on a linear-time engine, RE2, so no pattern can hang a run)';
  }
  if (/`\(\?(=|!|<=|<!)/.test(detail)) {
    return 'lookahead and lookbehind, (?=…) (?!…) (?<=…) (?<!…), are not supported (patterns run on a linear-time engine, RE2, so no pattern can hang a run)';
  }
  return detail;
}
