// Checks of option settings (main section, routers, transports, authenticators): the option is
// known where it is set, the boolean forms are used only on booleans, the value has the form of the
// option's type, no option is set twice, and every driver instance names a known driver.

import { driverNames, findOption, isBooleanType, isLogSelector, isDriverName, logSelectorNames, optionOwners, optionsFor, OTHER_MAIN_OPTIONS, resolveOptionWord, type OptionInfo, type OptionScope } from '../facts';
import type { ConfigLine, Instance, Section } from '../syntax/document';
import type { OptionNode } from '../syntax/tree';
import { ADDRESS_OPTIONS, EXPANDED_INTEGER_OPTIONS, enumeratedValues, type EnumeratedValues } from '../facts/values';
import { lackedBecause } from './build';
import type { CheckContext } from './context';
import { lineLabel } from './labels';
import { readAccountList, splitList } from './lists';
import { LineMemo } from './lineMemo';
import type { LineDiagnostic, LineFix } from './diagnostic';
import { checkFixed, checkInteger, checkLogFilePath, checkLogSelector, checkKilobytes, checkQuotedString, checkTime, checkTimeList, logSelectorItems, readBoolean, type ValueProblem } from './values';
import { closest } from './distance';
import { checkSmtpRatelimit } from './smtpRatelimit';
import { readQuoted } from '../syntax/strings';

type DriverScope = Exclude<OptionScope, 'main'>;

const SCOPE_OF: Partial<Record<Section['name'], OptionScope>> = {
  main: 'main',
  routers: 'routers',
  transports: 'transports',
  authenticators: 'authenticators',
};

const WORD: Record<DriverScope, string> = { routers: 'router', transports: 'transport', authenticators: 'authenticator' };

export function checkOptions(ctx: CheckContext): void {
  for (const section of ctx.doc.sections) {
    const scope = SCOPE_OF[section.name];
    if (!scope) continue;
    if (scope === 'main') {
      checkLines(ctx, scope, section.lines, undefined);
    } else {
      for (const instance of section.instances) {
        checkInstance(ctx, scope, instance);
      }
    }
  }
  checkInactiveOptions(ctx);
}

function checkInstance(ctx: CheckContext, scope: DriverScope, instance: Instance): void {
  const word = WORD[scope];
  const driver = instance.driver?.name;
  const known = driver !== undefined && isDriverName(scope, driver);
  if (!instance.driver) {
    ctx.report(instance.header, {
      start: 0,
      end: instance.header.text.length,
      code: 'driver-missing',
      message: `the ${word} "${instance.name}" has no "driver =" line (Exim: no driver defined for ${word} "${instance.name}")`,
    });
  } else if (known && ctx.gaps.drivers.has(`${scope}/${driver}`) && !instance.driver.line.inactive) {
    const value = (instance.driver.line.node as OptionNode).value!;
    ctx.report(instance.driver.line, {
      start: value.start,
      end: value.end,
      code: 'not-in-build',
      message: `the ${driver} ${word} driver is not in this build of Exim (${lackedBecause(ctx.gaps, `${scope}/${driver}`)}) (Exim: ${word} ${instance.name}: cannot find ${word} driver "${driver}")`,
    });
  } else if (!known) {
    const line = instance.driver.line;
    const node = line.node as OptionNode;
    const value = node.value!;
    const names = driverNames(scope);
    const close = closest(value.text, names);
    // A driver is offered as a fix only when it has every option the instance sets.
    const fitting = close.filter((c) => instance.lines.every((l) => l.node.kind !== 'option' || resolveOptionWord(scope, l.node.name.text, c) !== undefined));
    ctx.report(line, {
      start: value.start,
      end: value.end,
      code: 'driver-unknown',
      message: `"${value.text}" is not a ${word} driver${close.length ? `; did you mean "${fitting[0] ?? close[0]}"?` : `; the ${word} drivers are ${names.join(', ')}`} (Exim: cannot find ${word} driver "${value.text}")`,
      fixes: fitting.map((c, i) => ({ title: `Change to "${c}"`, edits: [{ start: value.start, end: value.end, newText: c }], preferred: i === 0 || undefined })),
    });
  }
  checkLines(ctx, scope, instance.lines, known ? driver : undefined, instance);
}

type Sink = (d: LineDiagnostic) => void;

interface LineResult {
  option?: OptionInfo;
  diagnostics: LineDiagnostic[];
}

/** What one option line says on its own, by everything it depends on (an edit elsewhere reuses it). */
const lineResults = new LineMemo<LineResult>();

// The context strings of option lines, made once per instance (not once per line and analysis).
const contexts = new WeakMap<object, string[]>();
const NO_INSTANCE: Record<string, object> = {};

function optionContext(scope: OptionScope, driver: string | undefined, instance: Instance | undefined, driverSeen: boolean, inactive: boolean): string {
  const owner = instance ?? (NO_INSTANCE[scope] ??= {});
  let list = contexts.get(owner);
  if (!list) contexts.set(owner, (list = []));
  const slot = (driver !== undefined ? 4 : 0) + (driverSeen ? 2 : 0) + (inactive ? 1 : 0);
  return (list[slot] ??= `${scope}|${driver ?? ''}|${instance ? 'i' : ''}${instance?.driver?.name ?? ''}|${driverSeen ? 1 : 0}${inactive ? 1 : 0}`);
}

/** Checks one option line; returns the option when it is known. */
function checkOptionLine(ctx: CheckContext, scope: OptionScope, line: ConfigLine, node: OptionNode, driver: string | undefined, instance: Instance | undefined, driverSeen: boolean, setOnce?: ReadonlySet<string>): OptionInfo | undefined {
  const context = optionContext(scope, driver, instance, driverSeen, line.inactive === true);
  const r = lineResults.get(line, context, () => {
    const diagnostics: LineDiagnostic[] = [];
    const sink: Sink = (d) => diagnostics.push(d);
    const resolved = resolveOptionWord(scope, node.name.text, driver);
    if (!resolved) unknownOption(sink, scope, line, node, driver, instance, driverSeen);
    else checkSetting(sink, line, node, resolved.option, resolved.negated);
    return { option: resolved?.option, diagnostics };
  });
  for (const d of r.diagnostics) ctx.report(line, setOnce && d.code === 'option-unknown' && d.fixes ? withoutSetOptions(d, setOnce) : d);
  if (r.option && !line.inactive) notInBuild(ctx, line, node, r.option, scope, driver);
  return r.option;
}

/** An option the Exim build lacks (outside the memo: the same line may be checked against another build). */
function notInBuild(ctx: CheckContext, line: ConfigLine, node: OptionNode, option: OptionInfo, scope: OptionScope, driver: string | undefined): void {
  const gaps = ctx.gaps;
  if (option.scope === 'main' && option.name === 'log_selector' && gaps.logSelectors.size > 0 && node.value) {
    for (const { name, start, end } of logSelectorItems(node.value.text).items) {
      if (!gaps.logSelectors.has(name)) continue;
      const selector = node.value.text.slice(start, end);
      ctx.report(line, {
        start: node.value.start + start,
        end: node.value.start + end,
        code: 'not-in-build',
        message: `the log selector "${name}" is not in this build of Exim (${lackedBecause(gaps, `log/${name}`)}) (Exim: unknown log_selector setting: ${selector})`,
      });
    }
  }
  // Refused by this build (an error), or, with the default list that cannot know the TLS library,
  // by some builds (a note).
  const refused = gaps.refused.get(option);
  const bySome = refused ? undefined : gaps.refusedBySome.get(option);
  if (refused || bySome) {
    ctx.report(line, {
      start: node.name.start,
      end: node.name.end,
      code: 'not-in-build',
      severity: bySome ? 'information' : undefined,
      message: refused
        ? `"${option.name}" cannot be used with this build of Exim, which uses ${refused.library} (Exim: ${refused.exim})`
        : `"${option.name}" is read only by an Exim built with ${bySome!.readBy}: one built with ${bySome!.library} (Debian's and Ubuntu's exim4) refuses the whole configuration (Exim: ${bySome!.exim}). Checking against the Exim binary tells which library it has; ".ifdef ${bySome!.guard}" around the line keeps it for the builds that read it`,
    });
  }
  if (gaps.options.size === 0 || !gaps.options.has(option)) return;
  // A driver the build lacks is reported on its "driver =" line; its options are not again.
  if (option.driver !== undefined && driver !== undefined && gaps.drivers.has(`${scope}/${driver}`)) return;
  const name = node.name.text;
  ctx.report(line, {
    start: node.name.start,
    end: node.name.end,
    code: 'not-in-build',
    message: `"${option.name}" is not in this build of Exim (${lackedBecause(gaps, option)}) (Exim: ${scope === 'main' ? 'main option' : 'option'} "${name}" unknown)`,
  });
}

/**
 * A did-you-mean fix must not name an option the instance (or the main section) sets already:
 * Exim refuses an option set twice.  (Applied outside the memo: it depends on the other lines.)
 */
function withoutSetOptions(d: LineDiagnostic, setOnce: ReadonlySet<string>): LineDiagnostic {
  const fixes = d.fixes!.filter((f) => !setOnce.has(f.edits[0].newText.replace(/^(no|not)_/, '')));
  if (fixes.length === d.fixes!.length) return d;
  return { ...d, fixes: fixes.length ? fixes.map((f, i) => ({ ...f, preferred: i === 0 || undefined })) : undefined };
}

/** Option lines in false .ifdef branches: each line on its own (no "set twice"). */
function checkInactiveOptions(ctx: CheckContext): void {
  for (const line of ctx.inactiveLines()) {
    const scope = SCOPE_OF[line.section];
    if (!scope || line.node.kind !== 'option') continue;
    const instance = line.instance;
    if (scope !== 'main' && !instance) continue;
    const driver = instance?.driver?.name;
    const known = driver !== undefined && scope !== 'main' && isDriverName(scope, driver);
    checkOptionLine(ctx, scope, line, line.node, known ? driver : undefined, instance, true);
  }
}

function checkLines(ctx: CheckContext, scope: OptionScope, lines: ConfigLine[], driver: string | undefined, instance?: Instance): void {
  const seen = new Map<string, ConfigLine>();
  let driverSeen = false;
  // Options set here that may not be set again: no did-you-mean fix offers one of them.
  const setOnce = new Set<string>();
  for (const line of lines) {
    const option = line.node.kind === 'option' ? resolveOptionWord(scope, line.node.name.text, driver)?.option : undefined;
    if (option && !option.repeat) setOnce.add(option.name);
  }
  for (const line of lines) {
    const node = line.node;
    if (node.kind !== 'option') continue;
    // Exim knows a driver's private options only from its `driver =` line on.
    const option = checkOptionLine(ctx, scope, line, node, driverSeen || !instance ? driver : undefined, instance, driverSeen, setOnce);
    if (instance && node.name.text === 'driver') driverSeen = true;
    if (option && !option.repeat) {
      const earlier = seen.get(option.name);
      if (earlier) {
        ctx.report(line, {
          start: node.name.start,
          end: node.name.end,
          code: 'option-repeated',
          message: `"${option.name}" is set a second time${instance ? ` in this ${instance.kind}` : ''} (first on ${lineLabel(earlier, line, ctx.doc)}); Exim refuses that ("${option.name}" option set for the second time)`,
          // Removing this line keeps the first setting; it is the obvious fix when both say the same.
          fixes: [{ title: `Remove this setting (keep the one on ${lineLabel(earlier, line, ctx.doc)})`, edits: [{ start: 0, end: line.text.length, newText: '' }], preferred: sameSetting(earlier, line) || undefined }],
        });
        const d = ctx.diagnostics[ctx.diagnostics.length - 1];
        d.related = [{ file: earlier.map.fileOf(0), range: earlier.map.range(0, earlier.text.length), message: 'first set here' }];
      } else {
        seen.set(option.name, line);
      }
    }
  }
}

/** Two option lines that set the same value (blanks aside). */
function sameSetting(a: ConfigLine, b: ConfigLine): boolean {
  const value = (l: ConfigLine) => (l.node.kind === 'option' ? `${l.node.name.text}=${l.node.value?.text.trim() ?? ''}` : undefined);
  return value(a) !== undefined && value(a) === value(b);
}

function unknownOption(
  sink: Sink,
  scope: OptionScope,
  line: ConfigLine,
  node: OptionNode,
  driver: string | undefined,
  instance: Instance | undefined,
  driverSeen: boolean,
): void {
  const name = node.name.text;
  const bare = name.replace(/^(no|not)_/, '');
  const span = { start: node.name.start, end: node.name.end };
  const word = scope === 'main' ? 'main' : WORD[scope as DriverScope];
  // Private options of the instance's own driver, set before `driver =`.
  if (instance && !driverSeen && instance.driver && findOption(scope, bare, instance.driver.name)) {
    sink({
      ...span,
      code: 'option-before-driver',
      message: `"${bare}" belongs to the ${instance.driver.name} driver, and Exim only knows it after the "driver =" line: move "driver = ${instance.driver.name}" above it (Exim: option "${name}" unknown ("driver" must be specified before any private options))`,
    });
    return;
  }
  if (scope !== 'main' && instance && !instance.driver) {
    // Without a driver only the generic options are known; the missing driver is reported already.
    if (optionOwners(scope, bare).length > 0) return;
  }
  if (scope !== 'main' && instance?.driver && !isDriverName(scope as DriverScope, instance.driver.name)) return;
  const owners = scope === 'main' ? [] : optionOwners(scope, bare);
  if (owners.length > 0) {
    sink({
      ...span,
      code: 'option-wrong-driver',
      message: `"${bare}" is an option of the ${owners.join(', ')} ${word}${owners.length > 1 ? 's' : ''}, not of ${driver ? `the ${driver} ${word}` : `this ${word}`} (Exim: option "${name}" unknown)`,
    });
    return;
  }
  const other = scope === 'main' ? OTHER_MAIN_OPTIONS[bare] : undefined;
  if (other?.origin === 'debian') {
    sink({ ...span, code: 'option-debian-only', message: `"${bare}" is Debian's own option, ${other.about}: Debian's exim4 accepts it, other builds of Exim reject it (Exim elsewhere: main option "${name}" unknown)` });
    return;
  }
  if (other?.origin === 'obsolete') {
    sink({
      ...span,
      code: 'option-obsolete',
      message: `"${bare}" is obsolete: ${other.about}. Exim 4.96 still accepts the name; remove the line`,
      fixes: [{ title: `Remove the "${bare}" setting`, edits: [{ start: 0, end: line.text.length, newText: '' }] }],
    });
    return;
  }
  const elsewhere = whereElse(scope, bare);
  const close = closest(bare, optionNamesFor(scope, driver, false));
  // Only a boolean can stand without "= value" or take no_/not_: other names are suggested in
  // the message but not offered as a fix, which would bring an error of its own.  (Options set
  // already are left out by withoutSetOptions.)
  const fitting = node.equals === undefined || bare !== name ? closest(bare, optionNamesFor(scope, driver, true)) : close;
  const prefix = name.length > bare.length ? name.slice(0, name.length - bare.length) : '';
  const fixes: LineFix[] = fitting.map((c, i) => ({
    title: `Change to "${prefix}${c}"`,
    edits: [{ start: node.name.start, end: node.name.end, newText: prefix + c }],
    preferred: i === 0 || undefined,
  }));
  let message = scope === 'main' ? `"${name}" is not a main option` : `"${name}" is not an option of ${driver ? `the ${driver} ${word}` : `a ${word}`}`;
  if (elsewhere) message += `; it is ${elsewhere}`;
  else if (close.length) message += `; did you mean "${prefix}${close[0]}"?`;
  message += scope === 'main' ? ` (Exim: main option "${name}" unknown)` : ` (Exim: option "${name}" unknown)`;
  sink({ ...span, code: 'option-unknown', message, fixes: elsewhere ? undefined : fixes.length ? fixes : undefined });
}

/** Where else an option of this name lives (a router option set in the main section ...). */
function whereElse(scope: OptionScope, name: string): string | undefined {
  const places: string[] = [];
  if (scope !== 'main' && findOption('main', name)) places.push('a main option (it belongs before the first "begin")');
  for (const s of ['routers', 'transports', 'authenticators'] as const) {
    if (s === scope) continue;
    if (findOption(s, name)) places.push(`a generic ${WORD[s]} option`);
    else if (optionOwners(s, name).length) places.push(`an option of the ${optionOwners(s, name).join(', ')} ${WORD[s]}`);
  }
  return places.length ? places.join(' and ') : undefined;
}

/** Option names per section and driver, sorted (did-you-mean asks for them once per unknown option). */
const optionNames = new Map<string, string[]>();
function optionNamesFor(scope: OptionScope, driver: string | undefined, booleansOnly: boolean): string[] {
  const key = `${scope}/${driver ?? ''}/${booleansOnly}`;
  let names = optionNames.get(key);
  if (!names) {
    names = optionsFor(scope, driver).filter((o) => !booleansOnly || isBooleanType(o.type)).map((o) => o.name);
    optionNames.set(key, names);
  }
  return names;
}


/** Words written for a boolean that Exim does not take, by what they mean. */
const BOOLEAN_WORDS: Record<string, string> = { on: 'true', off: 'false', '1': 'true', '0': 'false', enabled: 'true', disabled: 'false', enable: 'true', disable: 'false' };

/** The boolean a refused value means: a known word (`on`), or a misspelling of true, false or yes. */
function booleanMeant(v: string): string | undefined {
  const lower = v.toLowerCase();
  if (Object.prototype.hasOwnProperty.call(BOOLEAN_WORDS, lower)) return BOOLEAN_WORDS[lower];
  // "no" is two letters: too short to guess at (`on` is one swap away from it).
  return lower.length >= 3 ? closest(lower, ['true', 'false', 'yes'], 1)[0] : undefined;
}

const STRING_TYPES = new Set(['stringptr', 'rewrite', 'uidlist', 'gidlist', 'expand_uid', 'expand_gid']);

function checkSetting(sink: Sink, line: ConfigLine, node: OptionNode, option: OptionInfo, negated: boolean): void {
  const name = node.name.text;
  const boolean = isBooleanType(option.type);
  const report = (d: Omit<LineDiagnostic, 'code'> & { code?: string }) => sink({ code: 'option-value', ...d });
  if (negated && !boolean) {
    report({
      start: node.name.start,
      end: node.name.start + (name.startsWith('not_') ? 4 : 3),
      code: 'option-negated-non-boolean',
      message: `"${option.name}" is not a boolean option, so it cannot be turned off with "${name.slice(0, name.indexOf('_') + 1)}" (Exim: negation prefix applied to a non-boolean option)`,
    });
    return;
  }
  // In a skipped .ifdef branch a value is often a macro that is defined only when the branch is used.
  if (line.inactive && node.value && /\b[A-Z][A-Z0-9_]+\b/.test(node.value.text)) return;
  if (boolean) {
    if (node.trailing) {
      report({ start: node.trailing.start, end: node.trailing.end, message: `"${node.trailing.text}" after the boolean option "${name}": write "${name}", "no_${option.name}" or "${option.name} = true|false" (Exim: extra characters follow boolean option ${name})` });
      return;
    }
    if (node.value === undefined) return;
    if (negated) {
      report({ start: node.equals!, end: node.value.end, message: `"${name}" already says false; it takes no value (Exim: extra characters follow boolean option ${name})` });
      return;
    }
    const v = node.value.text;
    if (readBoolean(v) === undefined && !(option.type === 'expand_bool' && v.includes('$'))) {
      const meant = booleanMeant(v);
      const fixes = meant ? [{ title: `Change to "${meant}"`, edits: [{ start: node.value.start, end: node.value.end, newText: meant }], preferred: true }] : undefined;
      report({ start: node.value.start, end: node.value.end, message: `"${v}" is not a boolean: use true, false, yes or no${option.type === 'expand_bool' ? ', or an expansion that gives one of those' : ''} (Exim: "${v}" is not a valid value for the "${option.name}" option)`, fixes });
    }
    return;
  }
  if (node.value === undefined) {
    if (node.trailing) {
      // The "=" is offered only when what follows is a good value: otherwise the name is more
      // likely the mistake (`driver${x} = smtp`), and the fix would trade one error for another.
      const fixes = valueFits(option, node.trailing.text) ? [{ title: 'Insert " ="', edits: [{ start: node.name.end, end: node.name.end, newText: ' =' }] }] : undefined;
      report({ start: node.name.end, end: node.trailing.end, message: `"${option.name}" needs "=" before its value (Exim: missing "=" after ${name})`, fixes });
    } else {
      report({ start: node.name.start, end: node.name.end, message: `"${option.name}" is not a boolean: it needs "= value" (Exim: unexpected end of line (data missing) after ${name})` });
    }
    return;
  }
  const allowed = enumeratedValues(option.scope, option.name, option.driver);
  const v = node.value.text;
  if (allowed && !v.includes('$') && !isAllowed(allowed, v)) {
    const close = closest(v, allowed.values);
    report({
      start: node.value.start,
      end: node.value.end,
      message: `"${v}" is not a setting of ${option.name}: use ${[...allowed.values, ...(allowed.prefixes ?? []).map((p) => p + '…')].join(', ')} (Exim: ${allowed.exim})`,
      fixes: close.map((c, i) => ({ title: `Change to "${c}"`, edits: [{ start: node.value!.start, end: node.value!.end, newText: c }], preferred: i === 0 || undefined })),
    });
    return;
  }
  const problem = valueProblem(option, node.value.text);
  if (problem) {
    const value = node.value;
    const fixes = problem.fix !== undefined
      ? [{ title: `Change the value to "${problem.fix}"`, edits: [{ start: value.start, end: value.end, newText: problem.fix }], preferred: problem.preferred }]
      : problem.replacements?.map((r, i) => ({
          title: `Change "${value.text.slice(r.start, r.end)}" to "${r.newText}"`,
          edits: [{ start: value.start + r.start, end: value.start + r.end, newText: r.newText }],
          preferred: (i === 0 && r.preferred !== false) || undefined,
        }));
    report({ start: value.start + problem.start, end: value.start + Math.max(problem.end, problem.start + 1), message: problem.message, ...(problem.code && { code: problem.code }), fixes });
    return;
  }
  const later = EXPANDED_INTEGER_OPTIONS[`${option.scope}/${option.name}`];
  const bad = later && !v.includes('$') ? checkInteger(v, false) : undefined;
  if (later && bad) {
    report({
      start: node.value.start + bad.start,
      end: node.value.start + Math.max(bad.end, bad.start + 1),
      code: 'option-value-runtime',
      message: `Exim expands ${option.name} when it uses it and then needs an integer (K, M or G may follow): ${bad.message.replace(/\s*\(Exim:[^)]*\)$/, '')}. Exim accepts the file but ${later.effect} (Exim: ${later.exim.replace('%v', v)})`,
      fixes: bad.fix === undefined ? undefined : [{ title: `Change the value to "${bad.fix}"`, edits: [{ start: node.value.start, end: node.value.end, newText: bad.fix }], preferred: true }],
    });
  }
}

/** Whether `value` would pass the checks of `option = value`. */
function valueFits(option: OptionInfo, value: string): boolean {
  if (option.name === 'driver' && option.scope !== 'main') return isDriverName(option.scope as DriverScope, value);
  const allowed = enumeratedValues(option.scope, option.name, option.driver);
  if (allowed && !value.includes('$') && !isAllowed(allowed, value)) return false;
  return valueProblem(option, value) === undefined;
}

function isAllowed(allowed: EnumeratedValues, value: string): boolean {
  let v = allowed.caseless ? value.toLowerCase() : value;
  if (allowed.caseless && /^".*"$/.test(v)) v = v.slice(1, -1);
  if (allowed.optionalPrefix && v.startsWith(allowed.optionalPrefix)) v = v.slice(allowed.optionalPrefix.length);
  return allowed.values.includes(v) || (allowed.prefixes ?? []).some((p) => v.startsWith(p));
}

/**
 * The plain mistakes Exim's address parser rejects in an address option (errors_reply_to): no
 * domain, an empty or dotted-wrong domain, no local part.  Anything subtler is left to Exim.
 */
function addressProblem(option: OptionInfo, value: string): ValueProblem | undefined {
  const text = value.trim();
  if (text.includes('$') || text.startsWith('"')) return undefined;
  if (text === '') return { start: 0, end: 0, message: `${option.name} is set to nothing: give an address, or leave the option out (Exim: error in ${option.name} (): empty address)` };
  const angle = /<([^<>]*)>\s*$/.exec(text);
  const address = angle ? angle[1].trim() : text;
  const start = angle ? value.lastIndexOf(angle[1]) : value.indexOf(text);
  const end = start + (angle ? angle[1].length : text.length);
  const at = address.lastIndexOf('@');
  const say = (why: string, exim: string): ValueProblem => ({ start, end, message: `"${address}" ${why} (Exim: ${exim})` });
  if (at < 0) return /^[^\s@<>]+$/.test(address) ? say(`is not a whole address: ${option.name} needs a domain, as in postmaster@example.com`, `${option.name} (${text}) does not contain a domain`) : undefined;
  const domain = address.slice(at + 1);
  if (at === 0) return say('has no local part before "@"', `error in ${option.name} (${text}): no local part`);
  if (domain === '' || domain.startsWith('.') || domain.endsWith('.') || domain.includes('..')) {
    return say(`has ${domain === '' ? 'no domain after "@"' : `a malformed domain "${domain}"`}`, `error in ${option.name} (${text}): domain missing or malformed`);
  }
  return undefined;
}

/** Option types whose value Exim looks up as user or group names when it reads the file. */
const ACCOUNT_TYPES: Record<string, { kind: 'user' | 'group'; list: boolean }> = {
  uid: { kind: 'user', list: false },
  expand_uid: { kind: 'user', list: false },
  uidlist: { kind: 'user', list: true },
  gid: { kind: 'group', list: false },
  expand_gid: { kind: 'group', list: false },
  gidlist: { kind: 'group', list: true },
};

/**
 * A user or group name with white space inside: no account has one, so Exim's lookup at read time
 * fails (often a line end went missing and the next option ran into the name). Whether a given
 * name exists depends on the machine, and is left to Exim; an expansion is looked up later.
 * A list is read as Exim reads it (readAccountList): an empty item is looked up too, and names
 * past the count Exim takes are never read, which is worth a warning.
 */
function accountProblem(account: { kind: 'user' | 'group'; list: boolean }, value: string): ValueProblem | undefined {
  if (value.includes('$') || value.startsWith('"')) return undefined;
  if (!account.list && value.trim() === '') {
    return { start: 0, end: 0, message: `an empty ${account.kind} name: give a ${account.kind} name or number (Exim: ${account.kind}  was not found)` };
  }
  if (!account.list) return /\s/.test(value.trim()) ? spaced(account.kind, value.indexOf(value.trim()), value.trim()) : undefined;
  const { items, ignored } = readAccountList(value);
  for (const item of items) {
    if (item.text === '') {
      return { start: item.start, end: item.start, message: `an empty ${account.kind} name in the list (two separators with nothing between them) (Exim: ${account.kind}  was not found)` };
    }
    if (/\s/.test(item.text)) return spaced(account.kind, item.start, item.text);
  }
  if (ignored) {
    const read = items.map((i) => `"${i.text}"`).join(', ');
    const names = splitList(value).map((i) => i.text);
    const fix = names.every((n) => /^[^\s:]+$/.test(n)) ? names.join(' : ') : undefined;
    return {
      start: ignored.start,
      end: ignored.end,
      code: 'option-list-ignored',
      message: `Exim never reads "${ignored.text}": it counts the items of a ${account.kind} list by ":" alone, so it reads ${items.length === 1 ? 'one item' : `${items.length} items`} (${read}) and ignores the rest; separate the names with ":"`,
      fix,
    };
  }
  return undefined;
}

function spaced(kind: 'user' | 'group', start: number, name: string): ValueProblem {
  return { start, end: start + name.length, message: `"${name}" cannot be a ${kind} name: names have no white space (is a line end missing?) (Exim: ${kind} ${name} was not found)` };
}

/**
 * A quoted value as its reader sees it (the string inside the quotes, escapes read), with the
 * problem's place mapped back to the value as written; the reader's fixes (written for the
 * unquoted text) are dropped.
 */
function readDequoted(option: OptionInfo, value: string, reader: (option: OptionInfo, value: string) => ValueProblem | undefined): ValueProblem | undefined {
  const d = readQuoted(value, 0);
  const problem = reader(option, d.value);
  if (!problem) return undefined;
  const at = (i: number) => (i < d.map.source.length ? d.map.source[i] : d.map.end);
  return { start: at(problem.start), end: Math.max(at(problem.end), at(problem.start) + 1), message: problem.message, ...(problem.code && { code: problem.code }) };
}

/** Options whose string Exim reads further, by `scope/name`: what it accepts. */
const OPTION_READERS: Readonly<Record<string, (option: OptionInfo, value: string) => ValueProblem | undefined>> = {
  'main/log_selector': (_, v) => checkLogSelector(v, isLogSelector, logSelectorNames),
  'main/log_file_path': (_, v) => checkLogFilePath(v),
  'main/smtp_ratelimit_mail': (o, v) => checkSmtpRatelimit(v, o.name),
  'main/smtp_ratelimit_rcpt': (o, v) => checkSmtpRatelimit(v, o.name),
};

function valueProblem(option: OptionInfo, value: string): ValueProblem | undefined {
  const key = `${option.scope}/${option.name}`;
  const reader = OPTION_READERS[key] ?? (ADDRESS_OPTIONS.has(key) ? addressProblem : undefined);
  if (reader) return checkQuotedString(value) ?? (value.startsWith('"') ? readDequoted(option, value, reader) : reader(option, value));
  // A function-read option (smtp_receive_timeout) keeps a value that starts with "$" to expand later.
  if (option.type === 'func' && value.trimStart().startsWith('$')) return undefined;
  const type = option.type === 'func' && option.funcParses ? option.funcParses : option.type;
  const account = ACCOUNT_TYPES[type];
  if (account) return checkQuotedString(value) ?? accountProblem(account, value);
  if (STRING_TYPES.has(type)) return checkQuotedString(value);
  switch (type) {
    case 'int':
    case 'mkint':
      return checkInteger(value, false);
    case 'octint':
      return checkInteger(value, true);
    case 'Kint':
      return checkKilobytes(value);
    case 'fixed':
      return checkFixed(value);
    case 'time':
      return checkTime(value);
    case 'timelist':
      return checkTimeList(value);
    default:
      return undefined;
  }
}
