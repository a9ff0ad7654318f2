/**
 * Quoting for the fix commands an admin copies into an elevated shell. Every value read from the
 * OS (a chain, zone or service name, a program path) goes through one of these before it is put
 * into a command; each answers null when it cannot prove the value safe for its shell, and the
 * caller then shows `byHand`: a comment saying what to change by hand, instead of a command.
 *
 * Refused everywhere: control characters (C0, DEL, C1, including newlines and NUL), line and
 * paragraph separators, format characters (bidirectional overrides, zero-width characters: they
 * make a pasted line look like something else) and lone surrogates.
 */
import type { FixCommand } from '../../../shared/preflight';

const UNSAFE_ANYWHERE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u;

/** Words left bare in sh: nothing any POSIX shell (or zsh, or fish) expands. */
const SH_BARE = /^[A-Za-z0-9_+:,./-][A-Za-z0-9_@%+=:,./-]*$/;

/** `--option=` in front of a value: left outside the quotes, for readability. */
const SH_OPTION = /^(--?[A-Za-z0-9][A-Za-z0-9-]*=)([^]*)$/;

/**
 * One word for POSIX sh (bash, dash, zsh): bare when harmless, else in single quotes with `'`
 * written as `'\''`. Inside single quotes nothing is special to sh; a backslash is refused all the
 * same, because fish (a login shell some admins paste into) reads `\'` there as a quote.
 */
export function quoteSh(value: string): string | null {
  if (UNSAFE_ANYWHERE.test(value) || value.includes('\\')) return null;
  if (SH_BARE.test(value)) return value;
  const option = SH_OPTION.exec(value);
  if (option && option[2] !== '') return `${option[1]}${quoteSh(option[2]!)}`;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A command line from its words (argv), each quoted for sh; null when one cannot be. */
export function shCommand(words: readonly string[]): string | null {
  const quoted = words.map(quoteSh);
  return quoted.every((w): w is string => w !== null) ? quoted.join(' ') : null;
}

/** The four characters PowerShell takes as a single quote (about_Quoting_Rules). */
const PS_SINGLE_QUOTES = /['\u2018\u2019\u201A\u201B]/g;

/**
 * A PowerShell single-quoted string literal. PowerShell ends such a string at ', ‘, ’, ‚ or ‛ alike
 * and reads any of them doubled as one literal quote, so each is doubled. Nothing else is special
 * inside single quotes: no `$` expansion, no backtick escapes.
 */
export function quotePowerShell(value: string): string | null {
  if (UNSAFE_ANYWHERE.test(value)) return null;
  return `'${value.replace(PS_SINGLE_QUOTES, (q) => q + q)}'`;
}

/**
 * A cmd.exe argument in double quotes (for netsh `name="…"`). cmd expands `%VAR%` (and `!VAR!`
 * under delayed expansion) even inside quotes, and a `"` in the value would end the quotes and
 * let `&`, `|`, `<`, `>`, `^` act: none of them can be escaped reliably, so they are refused.
 */
export function quoteCmd(value: string): string | null {
  if (UNSAFE_ANYWHERE.test(value) || /["%!^&|<>]/.test(value)) return null;
  return `"${value}"`;
}

/**
 * The fix shown when a value cannot be quoted: a comment in that shell (harmless if pasted) saying
 * what to change by hand. `what` is built by the caller from constants and numbers only, never from
 * the value that could not be quoted.
 */
export function byHand(shell: FixCommand['shell'], what: string): FixCommand {
  // Belt and braces: a comment must stay one line, and cmd expands % and ! even after REM.
  const clean = what.replace(new RegExp(UNSAFE_ANYWHERE.source, 'gu'), ' ').replace(/["%!^&|<>]/g, '');
  const text = `${BY_HAND} (a name read from this system cannot be quoted safely): ${clean}`;
  return { shell, command: `${shell === 'cmd' ? 'REM' : '#'} ${text}`, needsElevation: true };
}

/**
 * Text from the OS made safe to print next to the fixes: each control, format or separator
 * character written as `\u{…}`, so a name cannot move the cursor, clear a line or reverse the
 * text on the admin's terminal and disguise the command shown below it.
 */
export function visible(text: string): string {
  return text.replace(new RegExp(UNSAFE_ANYWHERE.source, 'gu'), (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}

/** How every by-hand fix begins, after the comment sign. */
const BY_HAND = 'Edit by hand';
