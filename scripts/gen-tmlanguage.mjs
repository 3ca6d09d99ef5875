// Writes syntaxes/exim.tmLanguage.json from the grammar skeleton below and the keyword tables in
// the Exim facts folder (ACL verbs/conditions/modifiers, expansion items/operators/conditions,
// lookup types, driver names, named-list keywords, preprocessor directives, rewrite flags).
//
// Usage: node scripts/gen-tmlanguage.mjs [--check] [--facts DIR]
//   --check   compare with the committed grammar instead of writing it (exit 1 when it differs)
//   --facts   folder holding acl.json, expansion.json, options.json and config-structure.json
//             (default: $EXIM_FACTS, else ../shared/exim-facts next to the repository)
//
// The keyword lists are the only generated part; everything else is written out here so that the
// structure of the grammar can be read in one place.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const check = args.includes('--check');
const factsArg = args.indexOf('--facts');
const factsDir = factsArg >= 0 ? resolve(args[factsArg + 1])
  : process.env.EXIM_FACTS ? resolve(process.env.EXIM_FACTS)
  : resolve(root, '..', 'shared', 'exim-facts');
const facts = (name) => JSON.parse(readFileSync(join(factsDir, name), 'utf8'));

const acl = facts('acl.json');
const expansion = facts('expansion.json');
const options = facts('options.json');
const structure = facts('config-structure.json');

// ---------------------------------------------------------------------------------------------
// Keyword tables

const uniqSorted = (list) => [...new Set(list)].sort();
const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// Longest first, so that an alternation never stops at a shorter prefix (quote vs quote_local_part).
const alt = (list) => [...new Set(list)].sort((a, b) => b.length - a.length || (a < b ? -1 : 1)).map(escapeRe).join('|');

const aclVerbs = uniqSorted(acl.verbs.map((v) => v.name));
const aclConditions = uniqSorted(acl.conditions_and_modifiers.filter((c) => c.kind === 'condition').map((c) => c.name));
const aclModifiers = uniqSorted(acl.conditions_and_modifiers.filter((c) => c.kind === 'modifier').map((c) => c.name));
const aclControls = uniqSorted(acl.controls.map((c) => c.name));
const verifyTypes = uniqSorted(acl.verify_types.map((v) => v.name));

const expansionItems = uniqSorted(expansion.items.map((i) => i.name));
const expansionOperators = uniqSorted([
  ...expansion.operators.underscore_names.map((o) => o.name),
  ...expansion.operators.main.map((o) => o.name),
]);
const allConditions = expansion.conditions.map((c) => c.name);
const symbolicConditions = uniqSorted(allConditions.filter((n) => !/^[a-z]/.test(n)));
const logicalConditions = ['and', 'or'];
const wordConditions = uniqSorted(allConditions.filter((n) => /^[a-z]/.test(n) && !logicalConditions.includes(n) && n !== 'def'));
const bareConditions = expansion.condition_syntax.no_arg.names;
const lookupTypes = uniqSorted(expansion.lookups.types.map((t) => t.name));

const routerDrivers = Object.keys(options.routers.drivers).sort();
const transportDrivers = Object.keys(options.transports.drivers).sort();
const authDrivers = Object.keys(options.authenticators.drivers).sort();
const namedListKeywords = structure.main_section_lines.named_lists.keywords;
const rewriteFlags = structure.rewrite_section.flags.map((f) => f.flag).join('');
const directives = structure.preprocessor.directives.map((d) => d.directive.slice(1));
const includeDirectives = directives.filter((d) => d.startsWith('include'));
const conditionDirectives = directives.filter((d) => /^(?:el)?ifn?def$/.test(d));
const bareDirectives = directives.filter((d) => d === 'else' || d === 'endif');

for (const [what, list] of Object.entries({ aclVerbs, aclConditions, aclModifiers, expansionItems, expansionOperators,
  wordConditions, lookupTypes, routerDrivers, transportDrivers, authDrivers, namedListKeywords, includeDirectives,
  conditionDirectives, bareDirectives })) {
  if (list.length === 0) throw new Error(`no ${what} found in ${factsDir}`);
}

// ---------------------------------------------------------------------------------------------
// Shared regular-expression pieces

// End of a logical line: the point after the last non-blank character of a physical line, unless
// that character is a backslash (blanks after the backslash still continue the line), or the start
// of a blank line. It is zero-width so that nested regions all end at the same point. Every region
// ends here at the latest, so a broken brace can never colour the rest of the file.
const LOGICAL_END = '(?:(?<=[^\\\\\\s])|^)(?=\\s*\\n)';
const WORD = '[A-Za-z][A-Za-z0-9_]*';
// Blanks between `=` and a value. They are only consumed when a value follows: a region must not
// swallow the blanks at the end of its first line, or LOGICAL_END could no longer see what
// precedes them.
const VALUE_GAP = '(?:\\s+(?=\\S))?';
const QUOTED = '"(?:[^"\\\\]|\\\\.)*"';
const headerPrefix = '(?:[blr]?h|[blr]?header)_';

const S = (name) => `${name}.exim`;

// A region that lasts until the end of the logical line.
const toLineEnd = (begin, beginCaptures, name, patterns) => ({
  ...(name ? { name: S(name) } : {}),
  begin,
  ...(beginCaptures ? { beginCaptures } : {}),
  end: LOGICAL_END,
  patterns,
});
// Capture scopes by group number: caps('a', '', 'c') names groups 1 and 3 and leaves 2 unscoped.
const caps = (...names) => Object.fromEntries(
  names.map((n, i) => [String(i + 1), n]).filter(([, n]) => n !== '').map(([group, n]) => [group, { name: S(n) }]),
);

// ---------------------------------------------------------------------------------------------
// Repository

const repository = {
  // ---- lines that may appear anywhere -------------------------------------------------------
  comment: {
    name: S('comment.line.number-sign'),
    match: '^\\s*(#).*$',
    captures: caps('punctuation.definition.comment'),
  },
  // Exim skips a comment line in the middle of a continued line and carries on; the newline is
  // consumed so that the region around it does not end here.
  'continuation-comment': {
    name: S('comment.line.number-sign'),
    match: '^\\s*(#).*\\n?',
    captures: caps('punctuation.definition.comment'),
  },
  'line-continuation': {
    match: '(\\\\)(?=\\s*$)',
    captures: caps('punctuation.separator.continuation.line'),
  },
  directive: {
    patterns: [
      {
        name: S('meta.preprocessor.include'),
        match: `^\\s*((\\.)(?:${alt(includeDirectives)}))(?=\\s|$)\\s*(.*?)\\s*$`,
        captures: {
          1: { name: S('keyword.control.directive') },
          2: { name: S('punctuation.definition.directive') },
          3: { name: S('string.unquoted.path'), patterns: [{ include: '#quoted-plain' }, { include: '#macro-use' }] },
        },
      },
      {
        name: S('meta.preprocessor.conditional'),
        match: `^\\s*((\\.)(?:${alt(conditionDirectives)}))(?=\\s|$)\\s*(.*?)\\s*$`,
        captures: {
          1: { name: S('keyword.control.directive') },
          2: { name: S('punctuation.definition.directive') },
          3: { name: S('variable.other.constant.macro') },
        },
      },
      {
        name: S('meta.preprocessor.conditional'),
        match: `^\\s*((\\.)(?:${alt(bareDirectives)}))(?=\\s|$).*$`,
        captures: caps('keyword.control.directive', 'punctuation.definition.directive'),
      },
    ],
  },
  'macro-definition': toLineEnd(
    '^\\s*([A-Z][A-Za-z0-9_]*)\\s*(==?)' + VALUE_GAP,
    caps('entity.name.function.preprocessor.macro', 'keyword.operator.assignment'),
    'meta.macro.definition',
    [{ include: '#value' }],
  ),
  'macro-use': {
    name: S('variable.other.constant.macro'),
    match: '(?<![\\w$])[A-Z][A-Z0-9_]*[A-Z0-9](?![\\w])',
  },

  // ---- main section ---------------------------------------------------------------------------
  'named-list': toLineEnd(
    `^\\s*(?:(hide)\\s+)?(${alt(namedListKeywords)})(_cache)?\\s+([A-Za-z0-9_]+)\\s*(=)${VALUE_GAP}`,
    caps('storage.modifier.hide', 'storage.type.named-list', 'storage.modifier.cache', 'entity.name.type.named-list', 'keyword.operator.assignment'),
    'meta.named-list.definition',
    [{ include: '#quoted-value' }, { include: '#list-value' }],
  ),
  // `name = value`, `no_name`, `not_name`, `hide name = value`.
  option: {
    patterns: [
      {
        name: S('meta.option'),
        match: `^\\s*(?:(hide)\\s+)?(?:(no_|not_)(?=[a-z]))?([a-z][A-Za-z0-9_]*)\\s*$`,
        captures: caps('storage.modifier.hide', 'storage.modifier.negate', 'support.type.property-name'),
      },
      {
        // Options whose value names an ACL.
        name: S('meta.option'),
        match: `^\\s*(?:(hide)\\s+)?(acl_(?:smtp|not_smtp)[a-z_]*)\\s*(=)\\s*(?![A-Z][A-Z0-9_]*\\s*$)(${WORD})\\s*$`,
        captures: caps('storage.modifier.hide', 'support.type.property-name', 'keyword.operator.assignment', 'entity.name.function.acl'),
      },
      toLineEnd(
        // `+name` and `-name` here switch log selectors on and off; they are not named lists.
        `^\\s*(log_selector)\\s*(=)${VALUE_GAP}`,
        caps('support.type.property-name', 'keyword.operator.assignment'),
        'meta.option',
        [
          { match: '(?:\\G|(?<=\\s))([+-])([a-z0-9_]+)', captures: caps('keyword.operator.log-selector', 'support.constant.log-selector') },
          { include: '#expansion-text' },
        ],
      ),
      toLineEnd(
        `^\\s*(?:(hide)\\s+)?(?:(no_|not_)(?=[a-z]))?([a-z][A-Za-z0-9_]*)\\s*(=)${VALUE_GAP}`,
        caps('storage.modifier.hide', 'storage.modifier.negate', 'support.type.property-name', 'keyword.operator.assignment'),
        'meta.option',
        [{ include: '#boolean-value' }, { include: '#quoted-value' }, { include: '#list-value' }],
      ),
    ],
  },
  'section-begin': {
    patterns: [
      ['acl', 'acls?', '#acl-section'],
      ['routers', 'routers?', '#driver-section-routers'],
      ['transports', 'transports?', '#driver-section-transports'],
      ['authenticators', 'authenticators?', '#driver-section-authenticators'],
      ['retry', 'retry|retrys', '#retry-section'],
      ['rewrite', 'rewrites?', '#rewrite-section'],
      ['local_scan', 'local_scans?', '#option-section'],
      ['other', '\\S.*?', '#option-section'],
    ].map(([id, nameRe, body]) => ({
      name: S(`meta.section.${id}`),
      begin: `^\\s*((?i:begin)) +((?i:${nameRe}))\\s*$`,
      beginCaptures: caps('keyword.control.begin', 'entity.name.section'),
      end: '(?=^\\s*(?i:begin) )',
      patterns: [{ include: body }],
    })),
  },
  'main-section': {
    patterns: [
      { include: '#comment' },
      { include: '#directive' },
      { include: '#macro-definition' },
      { include: '#named-list' },
      // A file with no `begin` line that is a piece of another section (a Debian conf.d fragment,
      // an .include'd file): an instance name alone on a line, or an ACL verb, is never a main
      // option, so from there on the file is read as that piece, up to a `begin` line.
      {
        name: S('meta.fragment.acl'),
        begin: `^(?=\\s*(?:${alt(aclVerbs)})(?![\\w=]|\\s*=))`,
        end: '(?=^\\s*(?i:begin) )',
        patterns: [{ include: '#acl-section' }],
      },
      {
        name: S('meta.fragment.instance'),
        begin: `^(?=\\s*${WORD}\\s*:\\s*$)`,
        end: '(?=^\\s*(?i:begin) )',
        patterns: [{ include: '#fragment-instances' }],
      },
      { include: '#option' },
    ],
  },
  // The instances of a piece whose section is not known from the file (ACLs, routers, transports
  // or authenticators): ACL statements by their verbs, drivers by their `driver =` line.
  'fragment-instances': {
    patterns: [
      { include: '#comment' },
      { include: '#directive' },
      { include: '#macro-definition' },
      {
        name: S('meta.instance'),
        match: `^\\s*(${WORD})\\s*(:)\\s*$`,
        captures: caps('entity.name.function.instance', 'punctuation.separator.instance'),
      },
      {
        name: S('meta.option.driver'),
        match: `^\\s*(driver)\\s*(=)\\s*(?:(${alt([...routerDrivers, ...transportDrivers, ...authDrivers])})\\b|(\\S+))\\s*$`,
        captures: caps('support.type.property-name', 'keyword.operator.assignment', 'support.class.driver', ''),
      },
      // The first ACL verb shows that the piece is ACLs: from there on, it is read as the ACL section.
      {
        begin: `^(?=\\s*(?:${alt(aclVerbs)})(?![\\w=]|\\s*=))`,
        end: '(?=^\\s*(?i:begin) )',
        patterns: [{ include: '#acl-section' }],
      },
      { include: '#option' },
    ],
  },
  'option-section': {
    patterns: [
      { include: '#comment' },
      { include: '#directive' },
      { include: '#option' },
    ],
  },

  // ---- routers, transports, authenticators ----------------------------------------------------
  ...Object.fromEntries([
    ['routers', 'router', routerDrivers],
    ['transports', 'transport', transportDrivers],
    ['authenticators', 'authenticator', authDrivers],
  ].map(([section, kind, drivers]) => [`driver-section-${section}`, {
    patterns: [
      { include: '#comment' },
      { include: '#directive' },
      { include: '#macro-definition' },
      {
        name: S(`meta.instance.${kind}`),
        match: `^\\s*(${WORD})\\s*(:)\\s*$`,
        captures: caps(`entity.name.function.${kind}`, 'punctuation.separator.instance'),
      },
      {
        name: S('meta.option.driver'),
        match: `^\\s*(driver)\\s*(=)\\s*(?:(${alt(drivers)})\\b|(\\S+))\\s*$`,
        captures: caps('support.type.property-name', 'keyword.operator.assignment', 'support.class.driver', ''),
      },
      ...(kind === 'router' ? [{
        // A router naming the transport it hands addresses to.
        name: S('meta.option'),
        match: `^\\s*((?:[a-z]+_)?transport)\\s*(=)\\s*(?![A-Z][A-Z0-9_]*\\s*$)(${WORD})\\s*$`,
        captures: caps('support.type.property-name', 'keyword.operator.assignment', 'entity.name.function.transport'),
      }] : []),
      { include: '#option' },
    ],
  }])),

  // ---- ACL section ----------------------------------------------------------------------------
  'acl-section': {
    patterns: [
      { include: '#comment' },
      { include: '#directive' },
      { include: '#macro-definition' },
      {
        name: S('meta.instance.acl'),
        match: `^\\s*(${WORD})\\s*(:)\\s*$`,
        captures: caps('entity.name.function.acl', 'punctuation.separator.instance'),
      },
      toLineEnd(
        `^\\s*(${alt(aclVerbs)})(?![\\w])`,
        caps('keyword.control.verb.acl'),
        'meta.acl.statement',
        [{ include: '#acl-condition' }],
      ),
      { include: '#acl-condition' },
    ],
  },
  'acl-condition': {
    patterns: [
      {
        match: '(?:^|(?<=\\s))\\s*(endpass)(?![\\w=])',
        captures: caps('keyword.other.acl-modifier'),
      },
      // `set` takes an ACL variable, or one of the two DKIM results a DKIM ACL may overwrite.
      toLineEnd(
        `(?:^|(?<=\\s))\\s*(set)\\s+(acl_[cm][A-Za-z0-9_]*|dkim_verify_status|dkim_verify_reason)\\s*(=)${VALUE_GAP}`,
        caps('keyword.other.acl-modifier', 'variable.other.acl', 'keyword.operator.assignment'),
        'meta.acl.modifier',
        [{ include: '#value' }],
      ),
      toLineEnd(
        '(?:^|(?<=\\s))\\s*(!)?\\s*(acl)\\s*(=)' + VALUE_GAP,
        caps('keyword.operator.logical', 'support.function.acl-condition', 'keyword.operator.assignment'),
        'meta.acl.condition',
        [{ match: `\\G(?![A-Z][A-Z0-9_]*\\s*$)(${WORD})(?=\\s*$)`, captures: caps('entity.name.function.acl') }, { include: '#value' }],
      ),
      toLineEnd(
        '(?:^|(?<=\\s))\\s*(!)?\\s*(control)\\s*(=)' + VALUE_GAP,
        caps('keyword.operator.logical', 'keyword.other.acl-modifier', 'keyword.operator.assignment'),
        'meta.acl.modifier',
        [{ match: `\\G(${alt(aclControls)})(?![\\w])`, captures: caps('constant.language.control') }, { include: '#acl-option-list' }],
      ),
      toLineEnd(
        '(?:^|(?<=\\s))\\s*(!)?\\s*(verify)\\s*(=)' + VALUE_GAP,
        caps('keyword.operator.logical', 'support.function.acl-condition', 'keyword.operator.assignment'),
        'meta.acl.condition',
        [{ match: `\\G(${alt(verifyTypes)})(?![\\w])`, captures: caps('constant.language.verify-type') }, { include: '#acl-option-list' }],
      ),
      toLineEnd(
        `(?:^|(?<=\\s))\\s*(!)?\\s*(${alt(aclConditions)})\\s*(=)${VALUE_GAP}`,
        caps('keyword.operator.logical', 'support.function.acl-condition', 'keyword.operator.assignment'),
        'meta.acl.condition',
        [{ include: '#list-value' }],
      ),
      toLineEnd(
        `(?:^|(?<=\\s))\\s*(!)?\\s*(${alt(aclModifiers)})\\s*(=)${VALUE_GAP}`,
        caps('keyword.operator.logical', 'keyword.other.acl-modifier', 'keyword.operator.assignment'),
        'meta.acl.modifier',
        [{ include: '#value' }],
      ),
      // A name Exim does not know here; coloured like an option so that it does not vanish.
      toLineEnd(
        `(?:^|(?<=\\s))\\s*(!)?\\s*([a-z][A-Za-z0-9_]*)\\s*(=)${VALUE_GAP}`,
        caps('keyword.operator.logical', 'support.type.property-name', 'keyword.operator.assignment'),
        'meta.acl.unknown',
        [{ include: '#value' }],
      ),
    ],
  },
  // `verify = sender/callout=30s,defer_ok`, `control = submission/sender_retain`
  'acl-option-list': {
    patterns: [
      { match: '/', name: S('punctuation.separator.option') },
      { match: `(?<=/)(${WORD})(?==)`, captures: caps('variable.parameter.option') },
      { include: '#value' },
    ],
  },

  // ---- retry section --------------------------------------------------------------------------
  'retry-section': {
    patterns: [
      { include: '#comment' },
      { include: '#directive' },
      { include: '#retry-rule' },
    ],
  },
  'retry-rule': toLineEnd(
    `^\\s*(${QUOTED}|[^\\s"]\\S*)(?:\\s+(\\S+))?`,
    {
      1: { name: S('string.unquoted.pattern.retry'), patterns: [{ include: '#pattern-key' }] },
      2: { name: S('constant.language.retry-error') },
    },
    'meta.retry.rule',
    [
      { include: '#line-continuation' },
      { include: '#continuation-comment' },
      {
        match: `(senders)\\s*(=)\\s*(${QUOTED}|\\S+)`,
        captures: {
          1: { name: S('variable.parameter.senders') },
          2: { name: S('keyword.operator.assignment') },
          3: { name: S('string.unquoted.senders'), patterns: [{ include: '#quoted-plain' }, { include: '#value' }] },
        },
      },
      {
        match: '(?<![\\w.])([FGHfgh])\\s*(?=,)',
        captures: caps('storage.type.retry-rule'),
      },
      { match: ',', name: S('punctuation.separator.argument') },
      { match: ';', name: S('punctuation.separator.rule') },
      { include: '#time-value' },
      { match: '(?<=,)\\s*(\\d+(?:\\.\\d*)?)(?![\\w.])', captures: caps('constant.numeric.multiplier') },
      { include: '#macro-use' },
    ],
  ),
  // The key of a retry or rewrite rule: a regular expression when it starts with ^, else an
  // address pattern; either may hold expansions.
  'pattern-key': {
    patterns: [
      { include: '#quoted-plain' },
      { match: '(?<!\\S)\\^.*$', name: S('string.regexp') },
      { include: '#protected' },
      { include: '#named-list-ref' },
      { include: '#expansion-text' },
    ],
  },

  // ---- rewrite section ------------------------------------------------------------------------
  'rewrite-section': {
    patterns: [
      { include: '#comment' },
      { include: '#directive' },
      { include: '#rewrite-rule' },
    ],
  },
  // KEY REPLACEMENT [FLAGS]. The replacement follows the key directly (\\G), so whatever comes
  // after it can only be flags. A quoted replacement may run over continuation lines.
  'rewrite-rule': toLineEnd(
    `^\\s*(${QUOTED}|[^\\s"]\\S*)${VALUE_GAP}`,
    { 1: { name: S('string.unquoted.pattern.rewrite'), patterns: [{ include: '#pattern-key' }] } },
    'meta.rewrite.rule',
    [
      {
        name: S('string.quoted.double.replacement.rewrite'),
        begin: '\\G(")',
        beginCaptures: caps('punctuation.definition.string.begin'),
        end: `(")|${LOGICAL_END}`,
        endCaptures: caps('punctuation.definition.string.end'),
        patterns: [{ include: '#expansion-text' }],
      },
      {
        match: '\\G([^\\s"]\\S*)',
        captures: { 1: { name: S('string.unquoted.replacement.rewrite'), patterns: [{ include: '#expansion-text' }] } },
      },
      { include: '#line-continuation' },
      { include: '#continuation-comment' },
      { match: `(?<=[\\s"])[${rewriteFlags}]+(?=\\s|$)`, name: S('storage.modifier.rewrite-flag') },
    ],
  ),

  // ---- values -----------------------------------------------------------------------------------
  value: {
    patterns: [
      { include: '#expansion-text' },
      { include: '#named-list-ref' },
      { include: '#time-value' },
      { include: '#number' },
    ],
  },
  // Lists: an optional separator change at the start (`<; a ; b`), colon separators, lookups.
  'list-value': {
    patterns: [
      { match: '\\G(<)([^\\w\\s])', captures: caps('keyword.operator.list-separator', 'keyword.operator.list-separator') },
      { match: '(?<=\\s)(!)(?=\\s*\\S)', name: S('keyword.operator.logical') },
      { match: '(?<=\\s):(?=\\s|$)', name: S('punctuation.separator.list') },
      { include: '#lookup-in-list' },
      { include: '#value' },
    ],
  },
  'boolean-value': {
    match: '\\G((?i:true|false|yes|no))(?=\\s*$)',
    captures: caps('constant.language.boolean'),
  },
  // A value in double quotes: backslash escapes are processed when the line is read.
  'quoted-value': {
    name: S('string.quoted.double'),
    begin: '\\G(")',
    beginCaptures: caps('punctuation.definition.string.begin'),
    end: `(")|${LOGICAL_END}`,
    endCaptures: caps('punctuation.definition.string.end'),
    patterns: [{ include: '#expansion-text' }],
  },
  // A quoted string whose contents are not expanded (include paths, retry senders).
  'quoted-plain': {
    name: S('string.quoted.double'),
    match: '(")((?:[^"\\\\]|\\\\.)*)(")',
    captures: {
      1: { name: S('punctuation.definition.string.begin') },
      2: { patterns: [{ match: '\\\\.', name: S('constant.character.escape') }] },
      3: { name: S('punctuation.definition.string.end') },
    },
  },
  'named-list-ref': {
    match: '(?:(?<=[\\s:;!{=,<@])|^)(\\+)([A-Za-z0-9_]+)(?![\\w])',
    captures: caps('punctuation.definition.named-list', 'entity.name.type.named-list'),
  },
  'lookup-in-list': {
    match: `(?:(?<=[\\s:;!=])|^)((?:partial\\d*(?:\\([^)]*\\)|-))?(?:${alt(lookupTypes)})(?:\\*@?)?)((?:,[A-Za-z_]+(?:=[^,;\\s]*)?)*)(;)`,
    captures: caps('support.type.lookup', 'variable.parameter.lookup-option', 'punctuation.separator.lookup'),
  },
  'time-value': {
    match: '(?<![\\w.$])(?:\\d+[wdhms])+(?![\\w.])',
    name: S('constant.numeric.time'),
  },
  number: {
    match: '(?<![\\w.:/$-])-?(?:0[xX][0-9A-Fa-f]+|\\d+(?:\\.\\d+)?[KMGTkmgt]?)(?![\\w.:/-])',
    name: S('constant.numeric'),
  },

  // ---- the expansion language -------------------------------------------------------------------
  // Everything that can appear in expanded text, at any nesting depth.
  'expansion-text': {
    patterns: [
      { include: '#line-continuation' },
      { include: '#continuation-comment' },
      { include: '#protected' },
      { include: '#escape' },
      { include: '#expansion' },
      { include: '#variable' },
      { include: '#macro-use' },
    ],
  },
  escape: {
    match: '\\\\(?:[0-7]{1,3}|x[0-9A-Fa-f]{1,2}|.)',
    name: S('constant.character.escape'),
  },
  // \N...\N: text that the expander copies without looking at it.
  protected: {
    name: S('string.unquoted.protected'),
    begin: '\\\\N',
    beginCaptures: { 0: { name: S('punctuation.definition.string.begin') } },
    end: `\\\\N|${LOGICAL_END}`,
    endCaptures: { 0: { name: S('punctuation.definition.string.end') } },
    patterns: [{ include: '#line-continuation' }],
  },
  variable: {
    patterns: [
      {
        name: S('variable.other.header'),
        match: `(\\$)(${headerPrefix})([^\\s:{}\\\\$]+)(:)?`,
        captures: caps('punctuation.definition.variable', 'storage.modifier.header', '', 'punctuation.definition.variable'),
      },
      {
        name: S('variable.other'),
        match: `(\\$)(${WORD})`,
        captures: caps('punctuation.definition.variable'),
      },
      {
        name: S('variable.other.positional'),
        match: '(\\$)(\\d+)',
        captures: caps('punctuation.definition.variable'),
      },
    ],
  },
  expansion: {
    patterns: [
      {
        name: S('variable.other.header'),
        match: `(\\$\\{)(${headerPrefix})([^\\s:{}\\\\$]+)(:)?(\\})`,
        captures: caps('punctuation.definition.variable', 'storage.modifier.header', '', 'punctuation.definition.variable', 'punctuation.definition.variable'),
      },
      {
        name: S('variable.other'),
        match: `(\\$\\{)(${WORD}|\\d+)(\\})`,
        captures: caps('punctuation.definition.variable', '', 'punctuation.definition.variable'),
      },
      {
        name: S('meta.expansion.if'),
        begin: '(\\$\\{)\\s*(if)(?![\\w])',
        beginCaptures: caps('punctuation.section.expansion.begin', 'keyword.control.conditional'),
        end: `(\\})|${LOGICAL_END}`,
        endCaptures: caps('punctuation.section.expansion.end'),
        patterns: [
          { include: '#condition' },
          { include: '#fail' },
          { include: '#expansion-argument' },
          { include: '#expansion-text' },
        ],
      },
      {
        name: S('meta.expansion.operator'),
        begin: `(\\$\\{)\\s*(${alt(expansionOperators)})((?:_[^:{}\\s]*)?)(:)`,
        beginCaptures: caps('punctuation.section.expansion.begin', 'support.function.operator', 'variable.parameter.operator', 'punctuation.separator.operator'),
        end: `(\\})|${LOGICAL_END}`,
        endCaptures: caps('punctuation.section.expansion.end'),
        patterns: [
          { include: '#expansion-text' },
          { include: '#expansion-argument' },
        ],
      },
      {
        name: S('meta.expansion.item'),
        begin: `(\\$\\{)\\s*(${alt(expansionItems.filter((i) => i !== 'if'))})(?![\\w])`,
        beginCaptures: caps('punctuation.section.expansion.begin', 'support.function.item'),
        end: `(\\})|${LOGICAL_END}`,
        endCaptures: caps('punctuation.section.expansion.end'),
        patterns: [
          { match: '\\G(,)(\\w+)', captures: caps('punctuation.separator.option', 'variable.parameter.option') },
          { match: '\\G\\s*(jsons?)(?=\\s*\\{)', captures: caps('variable.parameter.option') },
          { include: '#lookup-type' },
          { include: '#fail' },
          { include: '#expansion-argument' },
          { include: '#expansion-text' },
        ],
      },
      {
        // `${something}` that is none of the above: keep the braces balanced.
        name: S('meta.expansion.other'),
        begin: '(\\$\\{)',
        beginCaptures: caps('punctuation.section.expansion.begin'),
        end: `(\\})|${LOGICAL_END}`,
        endCaptures: caps('punctuation.section.expansion.end'),
        patterns: [
          { include: '#expansion-argument' },
          { include: '#expansion-text' },
        ],
      },
    ],
  },
  // `{...}` inside an expansion. A condition may open it (the arguments of and/or, the condition
  // of filter and forany).
  'expansion-argument': {
    name: S('meta.brace.argument'),
    begin: '\\{',
    beginCaptures: { 0: { name: S('punctuation.section.braces.begin') } },
    end: `\\}|${LOGICAL_END}`,
    endCaptures: { 0: { name: S('punctuation.section.braces.end') } },
    patterns: [
      { include: '#condition-at-start' },
      { include: '#expansion-argument' },
      { include: '#expansion-text' },
      { include: '#named-list-ref' },
      { include: '#lookup-in-list' },
    ],
  },
  // In `${lookup{key} partial-lsearch*@,ret=full {file}}` and `${lookup dnsdb{...}}`.
  'lookup-type': {
    match: `(?<=[\\s}]|lookup)((?:partial\\d*(?:\\([^)]*\\)|-))?(?:${alt(lookupTypes)})(?:\\*@?)?)((?:,[A-Za-z_]+(?:=[^,{}\\s]*)?)*)(?=\\s*\\{)`,
    captures: caps('support.type.lookup', 'variable.parameter.lookup-option'),
  },
  fail: {
    match: '(?<=\\})\\s*(fail)(?=\\s*\\})',
    captures: caps('keyword.control.fail'),
  },
  condition: {
    patterns: [
      { match: '!', name: S('keyword.operator.logical') },
      {
        match: `(def)(:)((?:${headerPrefix})[^\\s:{}\\\\$]+:?|[A-Za-z0-9_]+)`,
        captures: caps('support.function.condition', 'punctuation.separator.condition', 'variable.other'),
      },
      { match: `(?<![\\w])(${alt(logicalConditions)})(?=\\s*\\{)`, captures: caps('keyword.operator.logical') },
      { match: `(?<![\\w])(${alt(wordConditions)})(?=\\s*\\{)`, captures: caps('support.function.condition') },
      { match: `(?<![\\w])(${alt(bareConditions)})(?![\\w])`, captures: caps('support.function.condition') },
      { match: `(${alt(symbolicConditions)})(?=\\s*\\{)`, captures: caps('keyword.operator.comparison') },
    ],
  },
  'condition-at-start': {
    patterns: [
      { match: '\\G\\s*(!)', captures: caps('keyword.operator.logical') },
      {
        match: `(?:\\G|(?<=!))\\s*(def)(:)((?:${headerPrefix})[^\\s:{}\\\\$]+:?|[A-Za-z0-9_]+)`,
        captures: caps('support.function.condition', 'punctuation.separator.condition', 'variable.other'),
      },
      { match: `(?:\\G|(?<=!))\\s*(${alt(logicalConditions)})(?=\\s*\\{)`, captures: caps('keyword.operator.logical') },
      { match: `(?:\\G|(?<=!))\\s*(${alt(wordConditions)})(?=\\s*\\{)`, captures: caps('support.function.condition') },
      { match: `(?:\\G|(?<=!))\\s*(${alt(symbolicConditions)})(?=\\s*\\{)`, captures: caps('keyword.operator.comparison') },
    ],
  },
};

const grammar = {
  name: 'Exim',
  scopeName: 'source.exim',
  comment: 'Generated by scripts/gen-tmlanguage.mjs from the Exim facts tables; edit the script, not this file.',
  patterns: [
    { include: '#section-begin' },
    { include: '#main-section' },
  ],
  repository,
};

const out = join(root, 'syntaxes', 'exim.tmLanguage.json');
const text = JSON.stringify(grammar, null, 2) + '\n';
if (check) {
  let current = '';
  try { current = readFileSync(out, 'utf8'); } catch { /* missing counts as different */ }
  if (current !== text) {
    console.error('syntaxes/exim.tmLanguage.json is out of date: run node scripts/gen-tmlanguage.mjs');
    process.exit(1);
  }
  console.log('syntaxes/exim.tmLanguage.json is up to date');
} else {
  writeFileSync(out, text);
  console.log(`wrote ${out}`);
}
