// Translates a metric author's arrow function (per-event `where`/value/member functions, derived measures) from
// its TypeScript AST into the IR's typed expression tree. The reference evaluator runs these functions as
// JavaScript, so the subset accepted here is the one whose meaning the Java back end reproduces exactly; every
// construct outside it is a diagnostic at its own position, never a guess.
//
// Types: the IR computes result types structurally (literal, field, measure, operator rules) and asks the type
// checker only where TypeScript knows more — whether a nullable value has been narrowed at a use site
// (`x !== null ? x * 2 : 0`).
import { Node, SyntaxKind, VariableDeclarationKind } from 'ts-morph';
import type { Block, Expression, Statement, Type } from 'ts-morph';
import type { Diagnostic, DiagnosticCode } from '../diagnostics';
import { diagnosticAt, spanOf } from '../diagnostics';
import type { BinaryOp, Expr, Fn, MathFn, SchemaField, Stmt, StringMethod, ValueType } from '../ir';
import type { FunctionNode } from '../static-value';
import { constInitializer, resolveStatic, unwrap } from '../static-value';

/** What the function's parameters are. */
export type FnContext =
  /** A per-event function: its one parameter is an event of any of these schemas (a field must be in all). */
  | { readonly kind: 'event'; readonly schemas: readonly (readonly SchemaField[])[] }
  /**
   * A derived measure or a metric's `having`: `(m, w)`, m holding the values it may read (`reads` names them in
   * diagnostics: 'a measure' by default), w the window.
   */
  | { readonly kind: 'derived'; readonly measures: ReadonlyMap<string, ValueType>; readonly reads?: string };

export type TranslateResult = { ok: true; fn: Fn } | { ok: false; diagnostics: Diagnostic[] };

export const NUMBER: ValueType = { base: 'number', nullable: false };
export const STRING: ValueType = { base: 'string', nullable: false };
export const BOOLEAN: ValueType = { base: 'boolean', nullable: false };
export const NULL: ValueType = { base: 'null', nullable: false };

const MATH_FNS: ReadonlySet<string> = new Set<MathFn>(['min', 'max', 'abs', 'round', 'floor', 'ceil']);
const STRING_METHODS: ReadonlyMap<string, { args: number; result: ValueType }> = new Map<
  StringMethod,
  { args: number; result: ValueType }
>([
  ['startsWith', { args: 1, result: BOOLEAN }],
  ['endsWith', { args: 1, result: BOOLEAN }],
  ['includes', { args: 1, result: BOOLEAN }],
  ['toLowerCase', { args: 0, result: STRING }],
  ['toUpperCase', { args: 0, result: STRING }],
  ['trim', { args: 0, result: STRING }],
]);

const BINARY_OPS: ReadonlyMap<SyntaxKind, BinaryOp> = new Map<SyntaxKind, BinaryOp>([
  [SyntaxKind.PlusToken, '+'],
  [SyntaxKind.MinusToken, '-'],
  [SyntaxKind.AsteriskToken, '*'],
  [SyntaxKind.SlashToken, '/'],
  [SyntaxKind.PercentToken, '%'],
  [SyntaxKind.LessThanToken, '<'],
  [SyntaxKind.LessThanEqualsToken, '<='],
  [SyntaxKind.GreaterThanToken, '>'],
  [SyntaxKind.GreaterThanEqualsToken, '>='],
  [SyntaxKind.EqualsEqualsEqualsToken, '==='],
  [SyntaxKind.ExclamationEqualsEqualsToken, '!=='],
  [SyntaxKind.AmpersandAmpersandToken, '&&'],
  [SyntaxKind.BarBarToken, '||'],
  [SyntaxKind.QuestionQuestionToken, '??'],
]);

const BITWISE: ReadonlySet<SyntaxKind> = new Set([
  SyntaxKind.AmpersandToken,
  SyntaxKind.BarToken,
  SyntaxKind.CaretToken,
  SyntaxKind.LessThanLessThanToken,
  SyntaxKind.GreaterThanGreaterThanToken,
  SyntaxKind.GreaterThanGreaterThanGreaterThanToken,
]);

/** Thrown inside one translation to stop at the first problem in a function; caught at the function boundary. */
class Reject extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

function reject(node: Node, code: DiagnosticCode, message: string): never {
  throw new Reject(diagnosticAt(node, code, message));
}

export function typeName(t: ValueType): string {
  return t.nullable ? `${t.base} | null` : t.base;
}

/** The union of two branch types, or null when they mix bases (number | string). */
export function unionType(a: ValueType, b: ValueType): ValueType | null {
  if (a.base === 'null') return b.base === 'null' ? NULL : { base: b.base, nullable: true };
  if (b.base === 'null') return { base: a.base, nullable: true };
  if (a.base !== b.base) return null;
  return { base: a.base, nullable: a.nullable || b.nullable };
}

function fieldValueType(field: SchemaField): ValueType {
  const base =
    field.physical === 'string' || field.physical === 'enum'
      ? 'string'
      : field.physical === 'boolean'
        ? 'boolean'
        : 'number';
  return { base, nullable: field.nullable };
}

function checkerSaysNullable(type: Type): boolean {
  return (
    type.isNull() || type.isUndefined() || type.getUnionTypes().some((t) => t.isNull() || t.isUndefined())
  );
}

class Translator {
  private readonly locals = new Map<string, ValueType>();
  private readonly params: { event?: string; measures?: string; window?: string } = {};

  constructor(
    private readonly fn: FunctionNode,
    private readonly ctx: FnContext,
  ) {}

  run(): Fn {
    const parameters = this.fn.getParameters();
    const names: string[] = [];
    for (const parameter of parameters) {
      const nameNode = parameter.getNameNode();
      if (!Node.isIdentifier(nameNode))
        reject(
          nameNode,
          'unsupported-syntax',
          'destructured parameters are not supported: name the parameter and read its properties',
        );
      if (parameter.getInitializer())
        reject(parameter, 'unsupported-syntax', 'default parameter values are not supported');
      names.push(nameNode.getText());
    }
    if (this.ctx.kind === 'event') {
      if (names.length > 1)
        reject(
          parameters[1] ?? this.fn,
          'unsupported-syntax',
          'a per-event function takes one parameter, the event',
        );
      this.params.event = names[0];
    } else {
      if (names.length > 2)
        reject(parameters[2] ?? this.fn, 'unsupported-syntax', 'a derived measure takes (measures, window)');
      this.params.measures = names[0];
      this.params.window = names[1];
    }
    const bodyNode = this.fn.getBody();
    if (!bodyNode) reject(this.fn, 'unsupported-syntax', 'a function without a body');
    let body: Stmt[];
    if (Node.isBlock(bodyNode)) {
      body = this.block(bodyNode, true);
    } else {
      body = [{ kind: 'return', value: this.expr(bodyNode as Expression) }];
    }
    const result = this.resultType(body);
    if (!result)
      reject(
        this.fn,
        'mixed-derived-type',
        'the function returns values of different types on different paths',
      );
    return { body, result, source: this.fn.getText(), origin: spanOf(this.fn) };
  }

  private resultType(body: readonly Stmt[]): ValueType | null {
    let result: ValueType | undefined;
    const visit = (stmts: readonly Stmt[]): boolean => {
      for (const stmt of stmts) {
        if (stmt.kind === 'return') {
          if (!result) result = stmt.value.type;
          else {
            const merged = unionType(result, stmt.value.type);
            if (!merged) return false;
            result = merged;
          }
        } else if (stmt.kind === 'if') {
          if (!visit(stmt.then) || (stmt.else && !visit(stmt.else))) return false;
        }
      }
      return true;
    };
    return visit(body) && result ? result : null;
  }

  /** Statements of a block: const declarations and if/return, ending in a return when `mustReturn`. */
  private block(block: Block | Statement, mustReturn: boolean): Stmt[] {
    const statements = Node.isBlock(block) ? block.getStatements() : [block];
    const result: Stmt[] = [];
    const declaredHere: string[] = [];
    for (const statement of statements) {
      if (result[result.length - 1]?.kind === 'return')
        reject(statement, 'unsupported-syntax', 'unreachable code after return');
      result.push(this.statement(statement, declaredHere));
    }
    // Block-scoped consts go out of scope with their block, as in JavaScript.
    for (const name of declaredHere) this.locals.delete(name);
    const last = result[result.length - 1];
    if (mustReturn && (!last || last.kind !== 'return')) {
      const anchor = statements[statements.length - 1] ?? block;
      reject(anchor, 'missing-return', 'the function must end with a return statement');
    }
    return result;
  }

  private statement(statement: Statement, declaredHere: string[]): Stmt {
    if (Node.isVariableStatement(statement)) {
      const kind = statement.getDeclarationKind();
      if (kind !== VariableDeclarationKind.Const)
        reject(
          statement.getDeclarationKindKeywords()[0] ?? statement,
          'let-declaration',
          `'${kind}' declares a variable that can change: write const`,
        );
      const declarations = statement.getDeclarations();
      if (declarations.length !== 1)
        reject(statement, 'unsupported-syntax', 'declare one const per statement');
      const declaration = declarations[0]!;
      const nameNode = declaration.getNameNode();
      if (!Node.isIdentifier(nameNode))
        reject(nameNode, 'unsupported-syntax', 'destructuring is not supported');
      const initializer = declaration.getInitializer();
      if (!initializer) reject(declaration, 'unsupported-syntax', 'a const needs a value');
      const value = this.expr(initializer);
      const name = nameNode.getText();
      this.locals.set(name, value.type);
      declaredHere.push(name);
      return { kind: 'const', name, value };
    }
    if (Node.isIfStatement(statement)) {
      const test = this.condition(statement.getExpression(), 'an if condition');
      const thenStatement = statement.getThenStatement();
      const elseStatement = statement.getElseStatement();
      return {
        kind: 'if',
        test,
        then: this.block(thenStatement, true),
        else: elseStatement ? this.block(elseStatement, true) : null,
      };
    }
    if (Node.isReturnStatement(statement)) {
      const expression = statement.getExpression();
      if (!expression)
        reject(
          statement,
          'undefined-value',
          'return without a value returns undefined: return a value or null',
        );
      return { kind: 'return', value: this.expr(expression) };
    }
    if (
      Node.isForStatement(statement) ||
      Node.isForOfStatement(statement) ||
      Node.isForInStatement(statement) ||
      Node.isWhileStatement(statement) ||
      Node.isDoStatement(statement)
    ) {
      reject(statement.getFirstChild() ?? statement, 'loop', 'loops are not supported in metric functions');
    }
    if (Node.isExpressionStatement(statement)) {
      const expression = unwrap(statement.getExpression());
      if (
        Node.isBinaryExpression(expression) &&
        isAssignmentOperator(expression.getOperatorToken().getKind())
      ) {
        reject(
          expression.getOperatorToken(),
          'assignment',
          'metric functions must not assign: declare a new const instead',
        );
      }
      if (Node.isPrefixUnaryExpression(expression) || Node.isPostfixUnaryExpression(expression)) {
        reject(expression, 'assignment', 'metric functions must not increment or decrement');
      }
    }
    return reject(
      statement,
      'unsupported-syntax',
      `${statement.getKindName()} is not supported here: use const, if (…) return …, and return`,
    );
  }

  private condition(node: Expression, what: string): Expr {
    const expr = this.expr(node);
    if (expr.type.base !== 'boolean' || expr.type.nullable) {
      reject(
        node,
        'non-boolean-condition',
        `${what} must be a boolean, not ${typeName(expr.type)} (JavaScript truthiness is not supported)`,
      );
    }
    return expr;
  }

  /** The use-site type of a reference whose declared type is `declared`: narrowed to non-null when TypeScript says so. */
  private narrowed(node: Node, declared: ValueType): ValueType {
    if (!declared.nullable) return declared;
    return checkerSaysNullable(node.getType()) ? declared : { base: declared.base, nullable: false };
  }

  private expr(input: Node): Expr {
    // `as const` and parentheses mean nothing at run time; other casts could lie about a type.
    let node = input;
    while (
      Node.isParenthesizedExpression(node) ||
      (Node.isAsExpression(node) && node.getTypeNode()?.getText() === 'const')
    )
      node = node.getExpression();

    if (Node.isNumericLiteral(node)) return { kind: 'literal', value: node.getLiteralValue(), type: NUMBER };
    if (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node))
      return { kind: 'literal', value: node.getLiteralValue(), type: STRING };
    if (Node.isTrueLiteral(node) || Node.isFalseLiteral(node))
      return { kind: 'literal', value: node.getLiteralValue(), type: BOOLEAN };
    if (Node.isNullLiteral(node)) return { kind: 'literal', value: null, type: NULL };
    if (Node.isIdentifier(node)) return this.identifier(node);
    if (Node.isPropertyAccessExpression(node)) return this.propertyAccess(node);
    if (Node.isCallExpression(node)) return this.call(node);
    if (Node.isBinaryExpression(node)) return this.binary(node);
    if (Node.isPrefixUnaryExpression(node)) return this.prefix(node);
    if (Node.isPostfixUnaryExpression(node))
      reject(node, 'assignment', 'metric functions must not increment or decrement');
    if (Node.isConditionalExpression(node)) {
      const test = this.condition(node.getCondition(), 'a ?: condition');
      const then = this.expr(node.getWhenTrue());
      const otherwise = this.expr(node.getWhenFalse());
      const type = unionType(then.type, otherwise.type);
      if (!type)
        reject(
          node,
          'mixed-derived-type',
          `the branches of ?: have different types (${typeName(then.type)}, ${typeName(otherwise.type)})`,
        );
      return { kind: 'conditional', test, then, else: otherwise, type };
    }
    if (Node.isTemplateExpression(node))
      reject(
        node,
        'unsupported-syntax',
        'template literals are not supported (number formatting differs between JS and Java)',
      );
    if (Node.isNonNullExpression(node))
      reject(
        node,
        'unsupported-syntax',
        "the non-null assertion '!' is not supported: handle null with ?? or a check",
      );
    if (Node.isAsExpression(node) || Node.isTypeAssertion(node))
      reject(
        node,
        'unsupported-syntax',
        'type assertions are not supported: they could hide a value the Java code does not expect',
      );
    if (Node.isElementAccessExpression(node))
      reject(node, 'unsupported-syntax', 'element access (x[…]) is not supported: read fields by name');
    if (Node.isArrowFunction(node) || Node.isFunctionExpression(node))
      reject(node, 'unsupported-syntax', 'nested functions are not supported');
    return reject(node, 'unsupported-syntax', `${node.getKindName()} is not supported in metric functions`);
  }

  private identifier(node: Node): Expr {
    const name = node.getText();
    if (name === this.params.event || name === this.params.measures || name === this.params.window) {
      reject(node, 'unsupported-syntax', `use a property of '${name}', not '${name}' itself`);
    }
    const local = this.locals.get(name);
    if (local) return { kind: 'local', name, type: this.narrowed(node, local) };
    if (name === 'undefined' && (isGlobal(node) || (node.getSymbol()?.getDeclarations() ?? []).length === 0))
      reject(node, 'undefined-value', 'events and measures hold null, never undefined: compare with null');
    if (name === 'NaN' && isGlobal(node)) return { kind: 'special-number', value: 'NaN', type: NUMBER };
    if (name === 'Infinity' && isGlobal(node))
      return { kind: 'special-number', value: 'Infinity', type: NUMBER };
    return this.constant(node);
  }

  /** An identifier (or property read) from outside the function: only consts with literal values are inlined. */
  private constant(node: Node): Expr {
    const target = Node.isPropertyAccessExpression(node) ? node : node;
    if (Node.isIdentifier(target)) {
      const { initializer, isConst, found } = constInitializer(target);
      if (!found)
        reject(node, 'captured-variable', `'${node.getText()}' is not a const declared outside the function`);
      if (!isConst)
        reject(
          node,
          'captured-variable',
          `'${node.getText()}' is not a const: metric functions may only read consts`,
        );
      if (!initializer) reject(node, 'non-literal-constant', `'${node.getText()}' has no value`);
    }
    const resolved = resolveStatic(node);
    if (!resolved.ok)
      reject(
        node,
        'non-literal-constant',
        `'${node.getText()}' must be a const with a literal value (number, string, boolean or null)`,
      );
    const value = resolved.value;
    switch (value.kind) {
      case 'number':
        return { kind: 'literal', value: value.value, type: NUMBER };
      case 'string':
        return { kind: 'literal', value: value.value, type: STRING };
      case 'boolean':
        return { kind: 'literal', value: value.value, type: BOOLEAN };
      case 'null':
        return { kind: 'literal', value: null, type: NULL };
      default:
        return reject(
          node,
          'non-literal-constant',
          `'${node.getText()}' must be a const with a literal value (number, string, boolean or null)`,
        );
    }
  }

  private propertyAccess(
    node: Node & {
      getExpression(): Expression;
      getName(): string;
      hasQuestionDotToken(): boolean;
      getNameNode(): Node;
    },
  ): Expr {
    if (node.hasQuestionDotToken())
      reject(
        node,
        'unsupported-syntax',
        "optional chaining '?.' yields undefined, not null: test for null with a ?: instead",
      );
    const receiver = unwrap(node.getExpression());
    const name = node.getName();
    if (Node.isIdentifier(receiver)) {
      const receiverName = receiver.getText();
      if (receiverName === this.params.event && this.ctx.kind === 'event') return this.field(node, name);
      if (receiverName === this.params.measures && this.ctx.kind === 'derived') {
        const declared = this.ctx.measures.get(name);
        if (!declared)
          reject(
            node.getNameNode(),
            'unknown-field',
            `'${name}' is not ${this.ctx.reads ?? 'a measure'} of this metric`,
          );
        return { kind: 'measure', name, type: this.narrowed(node, declared) };
      }
      if (receiverName === this.params.window && this.ctx.kind === 'derived') {
        if (name !== 'start' && name !== 'end' && name !== 'seconds')
          reject(node.getNameNode(), 'unknown-field', `the window has start, end and seconds, not '${name}'`);
        return { kind: 'window', name, type: NUMBER };
      }
    }
    if (name === 'length') {
      const target = this.expr(receiver);
      if (target.type.base !== 'string')
        reject(node, 'type-mismatch', `.length is supported on strings only, not ${typeName(target.type)}`);
      if (target.type.nullable)
        reject(receiver, 'nullable-operand', `'${receiver.getText()}' may be null: check it first`);
      return { kind: 'string-length', target, type: NUMBER };
    }
    // A property of a const object declared outside the function, e.g. THRESHOLDS.latency.
    return this.constant(node);
  }

  private field(node: Node & { getNameNode(): Node }, name: string): Expr {
    if (this.ctx.kind !== 'event') return reject(node, 'unknown-field', 'no event here');
    let declared: ValueType | null = null;
    for (const schema of this.ctx.schemas) {
      const field = schema.find((f) => f.name === name);
      if (!field)
        reject(
          node.getNameNode(),
          'unknown-field',
          `'${name}' is not a field of every event this function sees`,
        );
      const type = fieldValueType(field);
      declared = declared ? unionType(declared, type) : type;
      if (!declared)
        reject(node.getNameNode(), 'unknown-field', `'${name}' has different types in different sources`);
    }
    if (!declared) return reject(node, 'unknown-field', 'no source');
    return { kind: 'field', name, type: this.narrowed(node, declared) };
  }

  private call(node: Node & { getExpression(): Expression; getArguments(): Node[] }): Expr {
    const callee = unwrap(node.getExpression());
    if (Node.isPropertyAccessExpression(callee)) {
      if (callee.hasQuestionDotToken())
        reject(callee, 'unsupported-syntax', "optional chaining '?.' is not supported");
      const receiver = unwrap(callee.getExpression());
      const method = callee.getName();
      if (Node.isIdentifier(receiver) && receiver.getText() === 'Math' && isGlobal(receiver)) {
        if (!MATH_FNS.has(method))
          reject(
            callee,
            'unknown-call',
            `Math.${method} is not supported (Math.min, max, abs, round, floor, ceil are)`,
          );
        const args = node.getArguments().map((arg) => this.numberOperand(arg));
        if ((method === 'min' || method === 'max') && args.length === 0)
          reject(node, 'unknown-call', `Math.${method}() needs arguments`);
        if (method !== 'min' && method !== 'max' && args.length !== 1)
          reject(node, 'unknown-call', `Math.${method} takes one argument`);
        return { kind: 'math', fn: method as MathFn, args, type: NUMBER };
      }
      const stringMethod = STRING_METHODS.get(method);
      if (stringMethod) {
        const target = this.expr(receiver);
        if (target.type.base === 'string') {
          if (target.type.nullable)
            reject(receiver, 'nullable-operand', `'${receiver.getText()}' may be null: check it first`);
          const args = node.getArguments().map((arg) => this.expr(arg));
          if (args.length !== stringMethod.args)
            reject(node, 'unknown-call', `${method} is supported with ${stringMethod.args} argument(s) only`);
          for (const [index, arg] of args.entries()) {
            if (arg.type.base !== 'string' || arg.type.nullable)
              reject(node.getArguments()[index]!, 'unknown-call', `${method} needs a string argument`);
          }
          return {
            kind: 'string-method',
            method: method as StringMethod,
            target,
            args,
            type: stringMethod.result,
          };
        }
      }
      return reject(
        callee.getNameNode(),
        'unknown-call',
        `'${callee.getText()}' is not supported: see the documented subset (Math.min/max/abs/round/floor/ceil and string methods)`,
      );
    }
    return reject(
      callee,
      'unknown-call',
      `calling '${callee.getText()}' is not supported in metric functions`,
    );
  }

  private numberOperand(node: Node): Expr {
    const expr = this.expr(node);
    if (expr.type.base !== 'number')
      reject(node, 'type-mismatch', `expected a number, got ${typeName(expr.type)}`);
    if (expr.type.nullable)
      reject(node, 'nullable-operand', `'${node.getText()}' may be null: give it a default with ?? first`);
    return expr;
  }

  private binary(
    node: Node & { getOperatorToken(): Node; getLeft(): Expression; getRight(): Expression },
  ): Expr {
    const token = node.getOperatorToken();
    const kind = token.getKind();
    if (kind === SyntaxKind.EqualsEqualsToken || kind === SyntaxKind.ExclamationEqualsToken) {
      const strict = kind === SyntaxKind.EqualsEqualsToken ? '===' : '!==';
      reject(token, 'loose-equality', `'${token.getText()}' coerces its operands: write ${strict}`);
    }
    if (BITWISE.has(kind))
      reject(
        token,
        'bitwise-operator',
        `'${token.getText()}' truncates numbers to 32-bit integers and is not supported`,
      );
    if (isAssignmentOperator(kind))
      reject(token, 'assignment', 'metric functions must not assign: declare a new const instead');
    const op = BINARY_OPS.get(kind);
    if (!op) return reject(token, 'unsupported-syntax', `the operator '${token.getText()}' is not supported`);

    if (op === '&&' || op === '||') {
      const left = this.condition(node.getLeft(), `the left side of ${op}`);
      const right = this.condition(node.getRight(), `the right side of ${op}`);
      return { kind: 'binary', op, left, right, type: BOOLEAN };
    }
    const left = this.expr(node.getLeft());
    const right = this.expr(node.getRight());
    if (op === '??') {
      const type =
        left.type.base === 'null'
          ? right.type
          : unionType({ base: left.type.base, nullable: false }, right.type);
      if (!type)
        reject(
          node,
          'type-mismatch',
          `the sides of ?? have different types (${typeName(left.type)}, ${typeName(right.type)})`,
        );
      return { kind: 'binary', op, left, right, type };
    }
    if (op === '===' || op === '!==') {
      if (left.type.base !== right.type.base && left.type.base !== 'null' && right.type.base !== 'null') {
        reject(
          node,
          'type-mismatch',
          `comparing ${typeName(left.type)} with ${typeName(right.type)} is always ${op === '!=='}`,
        );
      }
      return { kind: 'binary', op, left, right, type: BOOLEAN };
    }
    for (const [side, operand] of [
      [node.getLeft(), left],
      [node.getRight(), right],
    ] as const) {
      if (operand.type.nullable || operand.type.base === 'null')
        reject(side, 'nullable-operand', `'${side.getText()}' may be null: give it a default with ?? first`);
    }
    if (op === '+') {
      if (left.type.base === 'number' && right.type.base === 'number')
        return { kind: 'binary', op, left, right, type: NUMBER };
      if (left.type.base === 'string' && right.type.base === 'string')
        return { kind: 'binary', op, left, right, type: STRING };
      return reject(
        token,
        'mixed-concatenation',
        `'+' between ${left.type.base} and ${right.type.base}: JavaScript and Java format values differently`,
      );
    }
    if (op === '<' || op === '<=' || op === '>' || op === '>=') {
      if (
        left.type.base !== right.type.base ||
        (left.type.base !== 'number' && left.type.base !== 'string')
      ) {
        reject(
          token,
          'type-mismatch',
          `'${op}' compares two numbers or two strings, not ${left.type.base} and ${right.type.base}`,
        );
      }
      return { kind: 'binary', op, left, right, type: BOOLEAN };
    }
    if (left.type.base !== 'number' || right.type.base !== 'number') {
      reject(token, 'type-mismatch', `'${op}' needs numbers, not ${left.type.base} and ${right.type.base}`);
    }
    return { kind: 'binary', op, left, right, type: NUMBER };
  }

  private prefix(node: Node & { getOperatorToken(): SyntaxKind; getOperand(): Expression }): Expr {
    const operator = node.getOperatorToken();
    if (operator === SyntaxKind.PlusPlusToken || operator === SyntaxKind.MinusMinusToken)
      reject(node, 'assignment', 'metric functions must not increment or decrement');
    if (operator === SyntaxKind.TildeToken)
      reject(node, 'bitwise-operator', "'~' truncates numbers to 32-bit integers and is not supported");
    if (operator === SyntaxKind.ExclamationToken) {
      return {
        kind: 'unary',
        op: '!',
        operand: this.condition(node.getOperand(), "the operand of '!'"),
        type: BOOLEAN,
      };
    }
    const operand = this.numberOperand(node.getOperand());
    // -5 is a literal, so that constants fold and read naturally in the generated code.
    if (
      operator === SyntaxKind.MinusToken &&
      operand.kind === 'literal' &&
      typeof operand.value === 'number'
    ) {
      return { kind: 'literal', value: -operand.value, type: NUMBER };
    }
    return { kind: 'unary', op: operator === SyntaxKind.MinusToken ? '-' : '+', operand, type: NUMBER };
  }
}

function isAssignmentOperator(kind: SyntaxKind): boolean {
  return kind >= SyntaxKind.FirstAssignment && kind <= SyntaxKind.LastAssignment;
}

/** True when the identifier refers to a declaration of the standard library (Math, NaN…), not a user's shadow. */
function isGlobal(node: Node): boolean {
  const symbol = node.getSymbol();
  const declarations = symbol?.getDeclarations() ?? [];
  return (
    declarations.length > 0 &&
    declarations.every(
      (d) => d.getSourceFile().isFromExternalLibrary() || d.getSourceFile().isDeclarationFile(),
    )
  );
}

/** Translates one arrow function; stops at its first unsupported construct and reports it. */
export function translateFunction(fn: FunctionNode, ctx: FnContext): TranslateResult {
  try {
    return { ok: true, fn: new Translator(fn, ctx).run() };
  } catch (error) {
    if (error instanceof Reject) return { ok: false, diagnostics: [error.diagnostic] };
    throw error;
  }
}
