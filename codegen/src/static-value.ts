// Reads definition values (ids, durations, sources, windows, sinks…) from the AST without running the job file:
// literals, object and array literals (with spreads), `as const`, identifiers followed to their const declaration
// in any file, property reads on such objects, calls to DSL functions and arrow functions. Anything else is a
// `not-static` diagnostic: a job must be readable by the compiler exactly as the evaluator reads it.
import { Node, SyntaxKind, VariableDeclarationKind } from 'ts-morph';
import type {
  ArrowFunction,
  CallExpression,
  Expression,
  FunctionExpression,
  MethodDeclaration,
  Symbol as MorphSymbol,
} from 'ts-morph';
import type { Diagnostic } from './diagnostics';
import { diagnosticAt } from './diagnostics';
import path from 'node:path';

export type FunctionNode = ArrowFunction | FunctionExpression | MethodDeclaration;

export type StaticValue =
  | { readonly kind: 'string'; readonly value: string; readonly node: Node }
  | { readonly kind: 'number'; readonly value: number; readonly node: Node }
  | { readonly kind: 'boolean'; readonly value: boolean; readonly node: Node }
  | { readonly kind: 'null'; readonly node: Node }
  /** Property values stay unevaluated nodes: a job only evaluates what it reads. */
  | { readonly kind: 'object'; readonly props: ReadonlyMap<string, Node>; readonly node: Node }
  | { readonly kind: 'array'; readonly elements: readonly Node[]; readonly node: Node }
  | { readonly kind: 'dsl-call'; readonly name: string; readonly call: CallExpression; readonly node: Node }
  | { readonly kind: 'function'; readonly fn: FunctionNode; readonly node: Node };

export type Resolved = { ok: true; value: StaticValue } | { ok: false; diagnostic: Diagnostic };

/** The folder whose declarations count as DSL functions. */
export const DSL_DIR = path.resolve(__dirname, '..', '..', 'dsl');

/** Strips wrappers that do not change a value: parentheses, `as`, `satisfies`, `<T>x`. */
export function unwrap(node: Node): Node {
  let current = node;
  for (;;) {
    if (
      Node.isParenthesizedExpression(current) ||
      Node.isAsExpression(current) ||
      Node.isSatisfiesExpression(current) ||
      Node.isTypeAssertion(current)
    ) {
      current = current.getExpression();
    } else {
      return current;
    }
  }
}

/** Follows import aliases to the symbol that declares the value. */
export function resolveAlias(symbol: MorphSymbol | undefined): MorphSymbol | undefined {
  if (!symbol) return undefined;
  return symbol.isAlias() ? (symbol.getAliasedSymbol() ?? symbol) : symbol;
}

export function isInDsl(node: Node): boolean {
  const file = node.getSourceFile().getFilePath();
  return file.startsWith(DSL_DIR + '/') || file.startsWith(DSL_DIR + path.sep);
}

/**
 * The name of the DSL function or method a call resolves to (by its declaration in dsl/, not by the name written
 * at the call site), or null. Methods report `Interface.method`, e.g. `Aggregations.count`.
 */
export function dslCallee(call: CallExpression): string | null {
  const declaration = call.getProject().getTypeChecker().getResolvedSignature(call)?.getDeclaration();
  if (!declaration || !isInDsl(declaration)) return null;
  if (Node.isFunctionDeclaration(declaration)) return declaration.getName() ?? null;
  if (Node.isMethodSignature(declaration)) {
    const owner = declaration.getParentIfKind(SyntaxKind.InterfaceDeclaration);
    return `${owner?.getName() ?? '?'}.${declaration.getName()}`;
  }
  return null;
}

function notStatic(node: Node, what = 'this value'): Resolved {
  return {
    ok: false,
    diagnostic: diagnosticAt(
      node,
      'not-static',
      `the compiler cannot read ${what} without running code: write a literal, a const, or a DSL call`,
    ),
  };
}

/** The const declaration an identifier refers to, if any. */
export function constInitializer(identifier: Node): {
  initializer: Expression | undefined;
  isConst: boolean;
  found: boolean;
} {
  const checker = identifier.getProject().getTypeChecker();
  const parent = identifier.getParent();
  const symbol = resolveAlias(
    parent && Node.isShorthandPropertyAssignment(parent)
      ? checker.getShorthandAssignmentValueSymbol(parent)
      : identifier.getSymbol(),
  );
  const declaration = symbol?.getValueDeclaration() ?? symbol?.getDeclarations()[0];
  if (!declaration || !Node.isVariableDeclaration(declaration))
    return { initializer: undefined, isConst: false, found: false };
  const isConst = declaration.getVariableStatement()?.getDeclarationKind() === VariableDeclarationKind.Const;
  return { initializer: declaration.getInitializer(), isConst, found: true };
}

export function resolveStatic(input: Node, depth = 0): Resolved {
  if (depth > 50) return notStatic(input);
  const node = unwrap(input);
  if (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node))
    return { ok: true, value: { kind: 'string', value: node.getLiteralValue(), node } };
  if (Node.isNumericLiteral(node))
    return { ok: true, value: { kind: 'number', value: node.getLiteralValue(), node } };
  if (Node.isPrefixUnaryExpression(node) && node.getOperatorToken() === SyntaxKind.MinusToken) {
    const operand = unwrap(node.getOperand());
    if (Node.isNumericLiteral(operand))
      return { ok: true, value: { kind: 'number', value: -operand.getLiteralValue(), node } };
  }
  if (Node.isTrueLiteral(node) || Node.isFalseLiteral(node))
    return { ok: true, value: { kind: 'boolean', value: node.getLiteralValue(), node } };
  if (Node.isNullLiteral(node)) return { ok: true, value: { kind: 'null', node } };
  if (Node.isArrowFunction(node) || Node.isFunctionExpression(node) || Node.isMethodDeclaration(node)) {
    return { ok: true, value: { kind: 'function', fn: node, node } };
  }
  if (Node.isIdentifier(node)) {
    const { initializer, isConst } = constInitializer(node);
    if (!initializer || !isConst) return notStatic(node, `'${node.getText()}' (not a const with a value)`);
    return resolveStatic(initializer, depth + 1);
  }
  if (Node.isPropertyAccessExpression(node)) {
    const owner = resolveStatic(node.getExpression(), depth + 1);
    if (!owner.ok) return owner;
    if (owner.value.kind !== 'object') return notStatic(node);
    const prop = owner.value.props.get(node.getName());
    return prop ? resolveStatic(prop, depth + 1) : notStatic(node);
  }
  if (Node.isObjectLiteralExpression(node)) {
    const props = new Map<string, Node>();
    for (const property of node.getProperties()) {
      if (Node.isPropertyAssignment(property)) {
        const nameNode = property.getNameNode();
        if (Node.isComputedPropertyName(nameNode)) return notStatic(nameNode, 'a computed property name');
        const initializer = property.getInitializer();
        if (initializer)
          props.set(
            Node.isStringLiteral(nameNode) ? nameNode.getLiteralValue() : nameNode.getText(),
            initializer,
          );
      } else if (Node.isShorthandPropertyAssignment(property)) {
        props.set(property.getName(), property.getNameNode());
      } else if (Node.isMethodDeclaration(property)) {
        props.set(property.getName(), property);
      } else if (Node.isSpreadAssignment(property)) {
        const spread = resolveStatic(property.getExpression(), depth + 1);
        if (!spread.ok) return spread;
        if (spread.value.kind !== 'object') return notStatic(property);
        for (const [key, value] of spread.value.props) props.set(key, value);
      } else {
        return notStatic(property, 'a getter or setter');
      }
    }
    return { ok: true, value: { kind: 'object', props, node } };
  }
  if (Node.isArrayLiteralExpression(node)) {
    const elements: Node[] = [];
    for (const element of node.getElements()) {
      if (Node.isSpreadElement(element)) {
        const spread = resolveStatic(element.getExpression(), depth + 1);
        if (!spread.ok) return spread;
        if (spread.value.kind !== 'array') return notStatic(element);
        elements.push(...spread.value.elements);
      } else {
        elements.push(element);
      }
    }
    return { ok: true, value: { kind: 'array', elements, node } };
  }
  if (Node.isCallExpression(node)) {
    const name = dslCallee(node);
    if (name) return { ok: true, value: { kind: 'dsl-call', name, call: node, node } };
    return {
      ok: false,
      diagnostic: diagnosticAt(
        node.getExpression(),
        'unknown-dsl-call',
        `'${node.getExpression().getText()}' is not a DSL function; the compiler cannot run it`,
      ),
    };
  }
  return notStatic(node);
}
