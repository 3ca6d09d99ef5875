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
  /** Option name -> the line that sets it, and whether a boolean ends up on. */
  lines: Map<string, { line: ConfigLine; on: boolean }>;
  /** Options set only in lines of a false .ifdef branch (they may be set where the macro is). */
  maybe: Set<string>;
}

function settingsOf(instance: Instance, inactive: ConfigLine[]): Settings {
  const lines = new Map<string, { line: ConfigLine; on: boolean }>();
  for (const line of instance.lines) {
    const node = line.node;
    if (node.kind !== 'option' || line.inactive) continue;
    const written = node.name.text;
    const negated = /^not?_/.test(written) && !node.value;
    const name = negated ? written.replace(/^not?_/, '') : written;
    const on = negated ? false : node.value ? readBoolean(node.value.text) !== false : true;
    lines.set(name, { line, on });
  }
  const maybe = new Set<string>();
  for (const line of inactive) if (line.instance === instance && line.node.kind === 'option') maybe.add(line.node.name.text.replace(/^not?_/, ''));
  return { lines, maybe };
}

export function checkDriverRules(ctx: CheckContext): void {
  const inactive = ctx.inactiveLines();
  for (const section of ctx.doc.sections) {
    const kind = KIND_OF[section.name];
    if (!kind) continue;
    for (const instance of section.instances) {
      const driver = instance.driver?.name;
      if (!driver) continue;
      const rules = DRIVER_RULES.filter((r) => r.kind === kind && (r.drivers === '*' || r.drivers.includes(driver)));
      if (rules.length === 0) continue;
      const settings = settingsOf(instance, inactive);
      for (const rule of rules) checkRule(ctx, instance, driver, rule, settings);
    }
  }
}

function checkRule(ctx: CheckContext, instance: Instance, driver: string, rule: DriverRule, s: Settings): void {
  const isOn = (name: string) => s.lines.get(name)?.on === true;
  if (rule.when && !rule.when.some(isOn)) return;
  if (rule.unless?.some(isOn)) return;
  // A string option counts as set by its line; a boolean one when it ends up on.
  const set = rule.options.filter((o) => {
    const got = s.lines.get(o);
    if (!got) return false;
    const info = findOption(SCOPE_OF[rule.kind], o, driver);
    return info && isBooleanType(info.type) ? got.on : true;
  });
  const exim = rule.exim.replace('%s', instance.name);
  const what = `the ${driver} ${rule.kind} "${instance.name}"`;
  const names = (xs: readonly string[], word: 'or' | 'and') => xs.map((x) => `"${x}"`).join(` ${word} `);
  const missing = set.length === 0 && (rule.test === 'required' || rule.test === 'exactlyOne');
  const tooMany = set.length > 1 && (rule.test === 'atMostOne' || rule.test === 'exactlyOne');
  if (missing) {
    // An option set in a false .ifdef branch may be set where the configuration is used.
    if (rule.options.some((o) => s.maybe.has(o))) return;
    const cond = rule.when ? ` when ${names(rule.when, 'or')} is set` : rule.unless ? ` (unless the ${rule.kind} is ${names(rule.unless, 'or')})` : '';
    const needs = rule.options.length === 1 ? `has no "${rule.options[0]}", which its driver needs${cond}` : `needs ${names(rule.options, 'or')}${cond}`;
    reportOnHeader(ctx, instance, rule.code, `${what} ${needs} (Exim: ${exim})`);
  } else if (tooMany) {
    const [first, second] = set.map((o) => s.lines.get(o)!.line).sort((a, b) => a.index - b.index);
    reportOnName(ctx, second, rule.test === 'exactlyOne' ? 'driver-options-conflict' : rule.code, `${what} sets both ${names(set, 'and')} (the other on ${lineLabel(first, second, ctx.doc)}), which Exim will not take together (Exim: ${exim})`);
  } else if (rule.test === 'forbidden' && set.length > 0) {
    const line = s.lines.get(set[0])!.line;
    reportOnName(ctx, line, rule.code, `${what} must not have "${set[0]}"${rule.why ? `: ${rule.why}` : ''} (Exim: ${exim})`);
  } else if (rule.test === 'together' && set.length > 0 && set.length < rule.options.length) {
    const line = s.lines.get(set[0])!.line;
    const absent = rule.options.filter((o) => !set.includes(o));
    reportOnName(ctx, line, rule.code, `${what} sets ${names(set, 'and')} without ${names(absent, 'and')}: Exim wants both or neither (Exim: ${exim})`);
  }
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
