// Typed nodes of the syntax tree.
//
// Nodes produced for a logical line carry offsets into that line's text (after continuation
// joining, macro substitution and trimming), never document positions: that is what lets the
// parser cache a line's tree by its text alone.  `LogicalLine.map` turns offsets into positions.

/** A half-open range [start, end) of offsets in the text a node was parsed from. */
export interface Span {
  start: number;
  end: number;
}

export interface Token extends Span {
  text: string;
}

/** A string read the way Exim's string_dequote() reads it. */
export interface DequotedToken extends Token {
  quoted: boolean;
  /** For a quoted string: whether the closing quote is there. */
  closed: boolean;
  /** The string after removing quotes and interpreting backslash escapes. */
  value: string;
}

// ------------------------------------------------------------------ line nodes

export type LineNode =
  | BeginNode
  | MacroNode
  | MacroMalformedNode
  | NamedListNode
  | OptionNode
  | HeaderNode
  | AclStatementNode
  | RetryRuleNode
  | RewriteRuleNode
  | JunkNode;

export type LineKind = LineNode['kind'];

/** `begin <section>` */
export interface BeginNode {
  kind: 'begin';
  keyword: Token;
  /** The rest of the line: the section name as written (may be empty). */
  name: Token;
}

/** `NAME = value` or `NAME == value` */
export interface MacroNode {
  kind: 'macro';
  name: Token;
  redefine: boolean;
  operator: Token;
  value: Token;
}

/** A line that starts with an upper-case letter but is not `NAME = value`. */
export interface MacroMalformedNode {
  kind: 'macroMalformed';
  span: Span;
}

/** `[hide] domainlist|hostlist|addresslist|localpartlist[_cache] NAME = value` */
export interface NamedListNode {
  kind: 'namedList';
  hide?: Token;
  keyword: Token;
  cache: boolean;
  /** Absent when the line after the keyword is malformed (then `malformed` is set). */
  name?: Token;
  value?: Token;
  malformed?: Token;
}

/** `[hide] name [= value]` - also `no_name`, `not_name`. */
export interface OptionNode {
  kind: 'option';
  hide?: Token;
  name: Token;
  /** Offset of the `=`, when there is one. */
  equals?: number;
  value?: Token;
  /** Text after the name that is not `= value` (an error unless empty). */
  trailing?: Token;
}

/** `name:` in a driver section, or an ACL name in the ACL section. */
export interface HeaderNode {
  kind: 'instanceHeader' | 'aclHeader';
  name: Token;
  /** Text after the colon (an error for drivers; ignored by Exim for ACLs). */
  trailing?: Token;
}

/** One logical line of an ACL: `[verb] [!]condition [= value]` */
export interface AclStatementNode {
  kind: 'aclStatement';
  verb?: Token;
  /** A `!` before the verb (an error). */
  verbNegation?: Token;
  condition?: AclConditionNode;
}

export interface AclConditionNode extends Span {
  negation?: Token;
  name: Token;
  /** For `set`: the variable name. */
  variable?: Token;
  equals?: number;
  value?: Token;
  /** Text after the name that is not `= value`. */
  trailing?: Token;
}

/** `pattern error [senders=list] items` */
export interface RetryRuleNode {
  kind: 'retry';
  pattern: DequotedToken;
  error?: Token;
  senders?: RetrySendersNode;
  /** The rest of the line as Exim's reader sees it: items, `;` separators and white-space gaps. */
  tail: RetryTailNode[];
}

export interface RetrySendersNode extends Span {
  keyword: Token;
  equals?: number;
  value?: DequotedToken;
}

export type RetryTailNode = RetryGapNode | RetrySeparatorNode | RetryItemNode;

export interface RetryGapNode extends Span {
  kind: 'gap';
}

export interface RetrySeparatorNode extends Span {
  kind: 'separator';
}

export interface RetryItemNode extends Span {
  kind: 'item';
  letter: Token;
  args: RetryArgumentNode[];
}

export interface RetryArgumentNode extends Span {
  /** Offset of the comma that introduces the argument. */
  comma: number;
  /** White space before the comma (Exim rejects it). */
  spaceBeforeComma?: Span;
  text: Token;
}

/** `key replacement [flags]` */
export interface RewriteRuleNode {
  kind: 'rewrite';
  key: DequotedToken;
  replacement?: DequotedToken;
  flags: Token;
}

/** A line that fits no rule of its section. */
export interface JunkNode {
  kind: 'junk';
  span: Span;
}

// ------------------------------------------------------------------ preprocessor directives

export type DirectiveNode = ConditionalDirectiveNode | IncludeDirectiveNode | UnknownDirectiveNode;

export type ConditionalName = 'ifdef' | 'ifndef' | 'elifdef' | 'elifndef' | 'else' | 'endif';

export interface ConditionalDirectiveNode {
  kind: 'conditional';
  name: Token;
  directive: ConditionalName;
  /** False when the character after the name makes Exim ignore the whole line. */
  accepted: boolean;
  argument: Token;
}

export interface IncludeDirectiveNode {
  kind: 'include';
  name: Token;
  ifExists: boolean;
  /** The path as written (quotes removed when it was quoted). */
  path: Token;
}

/** A line starting with `.` that is not a directive: Exim reads it as an ordinary line. */
export interface UnknownDirectiveNode {
  kind: 'notDirective';
}

// ------------------------------------------------------------------ expansion strings

export type ExpansionNode =
  | TextNode
  | EscapeNode
  | ProtectedNode
  | VariableNode
  | OperatorNode
  | ItemNode
  | LoneDollarNode
  | MalformedNode;

export interface TextNode extends Span {
  kind: 'text';
}

export interface EscapeNode extends Span {
  kind: 'escape';
}

/** `\N ... \N` */
export interface ProtectedNode extends Span {
  kind: 'protected';
  closed: boolean;
}

/** `$name`, `${name}`, `$1`, `$h_subject:` */
export interface VariableNode extends Span {
  kind: 'variable';
  name: Token;
  braced: boolean;
}

/** `${name:argument}` */
export interface OperatorNode extends Span {
  kind: 'operator';
  name: Token;
  argument: ArgumentNode;
}

/** `${name{arg}{arg}...}`, with the extra parts some items have. */
export interface ItemNode extends Span {
  kind: 'item';
  name: Token;
  args: ItemArgumentNode[];
  /** `${if CONDITION ...}` */
  condition?: ConditionNode;
  /** `${lookup{key} TYPE {file}...}`: the key, when given. */
  lookupKey?: ArgumentNode;
  lookupType?: Token;
  /** `${filter{list}{CONDITION}}` */
  filterCondition?: ConditionNode;
  /** `${extract json {...}}` */
  variant?: Token;
  /** `${run,preexpand {...}}` */
  options?: Token[];
}

export type ItemArgumentNode = ArgumentNode | FailKeywordNode;

/** `{ ... }` - start and end include the braces. */
export interface ArgumentNode extends Span {
  kind: 'argument';
  parts: ExpansionNode[];
}

export interface FailKeywordNode extends Span {
  kind: 'fail';
}

/** `$` followed by something that is not a name, a digit or `{`. */
export interface LoneDollarNode extends Span {
  kind: 'loneDollar';
}

/** `${` followed by something that is not a complete item, operator or variable. */
export interface MalformedNode extends Span {
  kind: 'malformed';
  name?: Token;
}

export type ConditionShape = 'two' | 'one' | 'none' | 'other' | 'def' | 'combined' | 'iterator' | 'braceList';

export interface ConditionNode extends Span {
  kind: 'condition';
  negated: boolean;
  name: Token;
  shape: ConditionShape;
  /** Plain arguments: `eq{a}{b}`, the list of `forall{list}{cond}`, the items of `acl{{name}{arg}}`. */
  args: ArgumentNode[];
  /** Sub-conditions of `and`/`or`, or the condition of `forall`/`forany`. */
  conditions?: ConditionNode[];
  /** `def:name` */
  defName?: Token;
}
