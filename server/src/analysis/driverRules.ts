// The checks Exim makes on each router, transport and authenticator once it is read: options its
// driver needs, refuses, or will not take together (the table is facts/driverRules.ts).

import { findOption, isBooleanType } from '../facts';
import { DRIVER_RULES, type DriverKind, type DriverRule } from '../facts/driverRules';
import type { DriverScope } from '../facts/types';
import type { ConfigLine, Instance, SectionName } from '../syntax/document';
import type { CheckContext } from './context';
import { lineLabel } from './labels';
import { readBoolean } from './values';

const KIND_OF: Partial<Record<SectionName, DriverKind>> = { routers: 'router', transports: 'transport', authenticators: 'authenticator' };
const SCOPE_OF: Record<DriverKind, DriverScope> = { router: 'routers', transport: 'transports', authenticator: 'authenticators' };

/** The options an instance sets, by name (the last setting wins, as in Exim). */
interface Settings {
  /**
   * Option name -> the line that sets it, whether a boolean ends up on, and whether the option
   * counts as set (a string option by its line, a boolean one when it is on).
   */
  lines: Map<string, { line: ConfigLine; on: boolean; set: boolean }>;
  /** Options set only in lines of a false .ifdef branch (they may be set where the macro is). */
  maybe: Set<string>;
}

/** The rules for a driver, and the option names they look at (found once per driver). */
const rulesByDriver = new Map<string, { rules: DriverRule[]; names: Set<string> }>();

function rulesFor(kind: DriverKind, driver: string): { rules: DriverRule[]; names: Set<string> } {
  const key = `${kind}/${driver}`;
  let hit = rulesByDriver.get(key);
  if (!hit) {
    const rules = DRIVER_RULES.filter((r) => r.kind === kind && (r.drivers === '*' || r.drivers.includes(driver)));
    hit = { rules, names: new Set(rules.flatMap((r) => [...r.options, ...(r.when ?? []), ...(r.whenAll ?? []), ...(r.whenValue ? [r.whenValue.option] : []), ...(r.unless ?? [])])) };
    rulesByDriver.set(key, hit);
  }
  return hit;
}

const bareName = (written: string) => (written.startsWith('no_') ? written.slice(3) : written.startsWith('not_') ? written.slice(4) : written);

/** The settings of the options the rules look at. */
function settingsOf(instance: Instance, kind: DriverKind, driver: string, names: Set<string>, maybe: Set<string> | undefined): Settings {
  const lines = new Map<string, { line: ConfigLine; on: boolean; set: boolean }>();
  for (const line of instance.lines) {
    const node = line.node;
    if (node.kind !== 'option' || line.inactive) continue;
    const written = node.name.text;
    const bare = bareName(written);
    if (!names.has(bare)) continue;
    const negated = bare !== written && !node.value;
    const on = negated ? false : node.value ? readBoolean(node.value.text) !== false : true;
    const info = findOption(SCOPE_OF[kind], bare, driver);
    lines.set(negated ? bare : written, { line, on, set: info && isBooleanType(info.type) ? on : true });
  }
  return { lines, maybe: maybe ?? new Set() };
}

export function checkDriverRules(ctx: CheckContext): void {
  // Options set in lines of false .ifdef branches, by the instance they would belong to.
  const maybe = new Map<Instance, Set<string>>();
  for (const line of ctx.inactiveLines()) {
    if (!line.instance || line.node.kind !== 'option') continue;
    let names = maybe.get(line.instance);
    if (!names) maybe.set(line.instance, (names = new Set()));
    names.add(bareName(line.node.name.text));
  }
  for (const section of ctx.doc.sections) {
    const kind = KIND_OF[section.name];
    if (!kind) continue;
    for (const instance of section.instances) {
      const driver = instance.driver?.name;
      if (!driver) continue;
      const { rules, names } = rulesFor(kind, driver);
      if (rules.length === 0) continue;
      const settings = settingsOf(instance, kind, driver, names, maybe.get(instance));
      for (const rule of rules) checkRule(ctx, instance, driver, rule, settings);
    }
  }
}

function checkRule(ctx: CheckContext, instance: Instance, driver: string, rule: DriverRule, s: Settings): void {
  const isOn = (name: string) => s.lines.get(name)?.on === true;
  if (rule.when && !rule.when.some(isOn)) return;
  if (rule.whenAll && !rule.whenAll.every(isOn)) return;
  if (rule.whenValue && !valueFits(s, rule.whenValue)) return;
  if (rule.unless?.some(isOn)) return;
  const set = rule.options.filter((o) => s.lines.get(o)?.set === true);
  const missing = set.length === 0 && (rule.test === 'required' || rule.test === 'exactlyOne');
  const tooMany = set.length > 1 && (rule.test === 'atMostOne' || rule.test === 'exactlyOne');
  const forbidden = rule.test === 'forbidden' && set.length > 0;
  const partial = rule.test === 'together' && set.length > 0 && set.length < rule.options.length;
  if (!missing && !tooMany && !forbidden && !partial) return;
  const exim = rule.exim.replace('%s', instance.name);
  const what = `the ${driver} ${rule.kind} "${instance.name}"`;
  const names = (xs: readonly string[], word: 'or' | 'and') => xs.map((x) => `"${x}"`).join(` ${word} `);
  if (missing) {
    // An option set in a false .ifdef branch may be set where the configuration is used.
    if (rule.options.some((o) => s.maybe.has(o))) return;
    const cond = rule.whenValue
      ? ` when ${rule.whenValue.says}`
      : rule.when
        ? ` when ${names([...rule.when, ...(rule.whenAll ?? [])], rule.whenAll ? 'and' : 'or')} ${rule.whenAll || rule.when.length > 1 ? 'are' : 'is'} set`
        : rule.unless
          ? ` (unless the ${rule.kind} is ${names(rule.unless, 'or')})`
          : '';
    const needs = rule.options.length === 1 ? `has no "${rule.options[0]}", which its driver needs${cond}` : `needs ${names(rule.options, 'or')}${cond}`;
    reportOnHeader(ctx, instance, rule.code, `${what} ${needs} (Exim: ${exim})`);
  } else if (tooMany) {
    const [first, second] = set.map((o) => s.lines.get(o)!.line).sort((a, b) => a.index - b.index);
    reportOnName(ctx, second, rule.test === 'exactlyOne' ? 'driver-options-conflict' : rule.code, `${what} sets both ${names(set, 'and')} (the other on ${lineLabel(first, second, ctx.doc)}), which Exim will not take together (Exim: ${exim})`);
  } else if (forbidden) {
    const line = s.lines.get(set[0])!.line;
    reportOnName(ctx, line, rule.code, `${what} must not have "${set[0]}"${rule.why ? `: ${rule.why}` : ''} (Exim: ${exim})`);
  } else if (partial) {
    const line = s.lines.get(set[0])!.line;
    const absent = rule.options.filter((o) => !set.includes(o));
    reportOnName(ctx, line, rule.code, `${what} sets ${names(set, 'and')} without ${names(absent, 'and')}: Exim wants both or neither (Exim: ${exim})`);
  }
}

function valueFits(s: Settings, v: NonNullable<DriverRule['whenValue']>): boolean {
  const node = s.lines.get(v.option)?.line.node;
  return node?.kind === 'option' && node.value !== undefined && v.pattern.test(node.value.text);
}

function reportOnHeader(ctx: CheckContext, instance: Instance, code: string, message: string): void {
  const node = instance.header.node;
  const span = node.kind === 'instanceHeader' ? node.name : { start: 0, end: instance.header.text.length };
  ctx.report(instance.header, { start: span.start, end: span.end, code, message });
}

function reportOnName(ctx: CheckContext, line: ConfigLine, code: string, message: string): void {
  const node = line.node;
  const span = node.kind === 'option' ? node.name : { start: 0, end: line.text.length };
  ctx.report(line, { start: span.start, end: span.end, code, message });
}
