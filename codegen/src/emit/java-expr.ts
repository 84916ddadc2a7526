// IR expressions → Java source with JavaScript's meaning. Every emitted value has a Java representation ("kind");
// conversions between kinds are explicit so that a nullable number is never unboxed unless TypeScript narrowed it
// to non-null, and ternaries never unbox a null by accident.
import type { Expr, Fn, Stmt, ValueType } from '../ir';

export type JavaKind = 'double' | 'Double' | 'String' | 'boolean' | 'Boolean' | 'null';

export interface JavaValue {
  readonly code: string;
  readonly kind: JavaKind;
}

/** How references are read in the function being emitted. */
export interface JavaEnv {
  field(name: string): JavaValue;
  measure(name: string): JavaValue;
  window(name: 'start' | 'end' | 'seconds'): JavaValue;
  /** The kind of a const of the function being emitted (set by emitFnBody). */
  local?(name: string): JavaKind | undefined;
}

export function kindOf(type: ValueType): JavaKind {
  switch (type.base) {
    case 'number':
      return type.nullable ? 'Double' : 'double';
    case 'boolean':
      return type.nullable ? 'Boolean' : 'boolean';
    case 'string':
      return 'String';
    case 'null':
      return 'null';
  }
}

export function javaTypeOf(kind: JavaKind): string {
  return kind === 'null' ? 'Object' : kind;
}

export function javaString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code > 0x7e) {
      // \\u escapes keep generated files ASCII; astral characters become their UTF-16 surrogate pair, like JS.
      for (let i = 0; i < ch.length; i++) out += '\\u' + ch.charCodeAt(i).toString(16).padStart(4, '0');
    } else out += ch;
  }
  return out + '"';
}

export function javaDouble(value: number): string {
  if (Number.isNaN(value)) return 'Double.NaN';
  if (value === Infinity) return 'Double.POSITIVE_INFINITY';
  if (value === -Infinity) return 'Double.NEGATIVE_INFINITY';
  if (Object.is(value, -0)) return '-0.0';
  const text = String(value);
  return /[.eE]/.test(text) ? text.replace('e+', 'e') : `${text}.0`;
}

export function coerce(value: JavaValue, to: JavaKind): string {
  const from = value.kind;
  if (from === to) return value.code;
  if (from === 'null') return to === 'double' || to === 'boolean' ? value.code : `(${javaTypeOf(to)}) null`;
  if (from === 'double' && to === 'Double') return `Double.valueOf(${value.code})`;
  if (from === 'Double' && to === 'double') return `${value.code}.doubleValue()`;
  if (from === 'boolean' && to === 'Boolean') return `Boolean.valueOf(${value.code})`;
  if (from === 'Boolean' && to === 'boolean') return `${value.code}.booleanValue()`;
  throw new Error(`compiler bug: cannot convert ${from} to ${to}`);
}

const isBoxed = (kind: JavaKind) =>
  kind === 'Double' || kind === 'Boolean' || kind === 'String' || kind === 'null';

export function emitExpr(expr: Expr, env: JavaEnv): JavaValue {
  const want = kindOf(expr.type);
  switch (expr.kind) {
    case 'literal':
      if (expr.value === null) return { code: 'null', kind: 'null' };
      if (typeof expr.value === 'number') return { code: javaDouble(expr.value), kind: 'double' };
      if (typeof expr.value === 'string') return { code: javaString(expr.value), kind: 'String' };
      return { code: String(expr.value), kind: 'boolean' };
    case 'special-number':
      return {
        code:
          expr.value === 'NaN'
            ? 'Double.NaN'
            : expr.value === 'Infinity'
              ? 'Double.POSITIVE_INFINITY'
              : 'Double.NEGATIVE_INFINITY',
        kind: 'double',
      };
    case 'field':
      return narrow(env.field(expr.name), want);
    case 'measure':
      return narrow(env.measure(expr.name), want);
    case 'window':
      return env.window(expr.name);
    case 'local':
      return narrow({ code: `l_${expr.name}`, kind: env.local?.(expr.name) ?? want }, want);
    case 'unary': {
      const operand = emitExpr(expr.operand, env);
      if (expr.op === '!') return { code: `!${coerce(operand, 'boolean')}`, kind: 'boolean' };
      if (expr.op === '-') return { code: `(-${coerce(operand, 'double')})`, kind: 'double' };
      return { code: coerce(operand, 'double'), kind: 'double' };
    }
    case 'conditional': {
      const test = coerce(emitExpr(expr.test, env), 'boolean');
      const then = coerce(emitExpr(expr.then, env), want);
      const otherwise = coerce(emitExpr(expr.else, env), want);
      return { code: `(${test} ? ${then} : ${otherwise})`, kind: want };
    }
    case 'math': {
      const args = expr.args.map((a) => coerce(emitExpr(a, env), 'double'));
      if (expr.fn === 'round') return { code: `Js.round(${args[0]})`, kind: 'double' };
      if (expr.fn === 'min' || expr.fn === 'max') {
        // Java's Math.min/max(double, double) treat NaN and -0 exactly as JavaScript's do.
        const folded = args.reduceRight((acc, arg) => `Math.${expr.fn}(${arg}, ${acc})`);
        return { code: folded, kind: 'double' };
      }
      return { code: `Math.${expr.fn}(${args[0]})`, kind: 'double' };
    }
    case 'string-length':
      return { code: `((double) ${coerce(emitExpr(expr.target, env), 'String')}.length())`, kind: 'double' };
    case 'string-method': {
      const target = coerce(emitExpr(expr.target, env), 'String');
      const args = expr.args.map((a) => coerce(emitExpr(a, env), 'String'));
      switch (expr.method) {
        case 'startsWith':
          return { code: `${target}.startsWith(${args[0]})`, kind: 'boolean' };
        case 'endsWith':
          return { code: `${target}.endsWith(${args[0]})`, kind: 'boolean' };
        case 'includes':
          return { code: `${target}.contains(${args[0]})`, kind: 'boolean' };
        case 'toLowerCase':
          return { code: `${target}.toLowerCase(java.util.Locale.ROOT)`, kind: 'String' };
        case 'toUpperCase':
          return { code: `${target}.toUpperCase(java.util.Locale.ROOT)`, kind: 'String' };
        case 'trim':
          return { code: `Js.trim(${target})`, kind: 'String' };
      }
      break;
    }
    case 'binary':
      return emitBinary(expr, env);
  }
  throw new Error(`compiler bug: unknown expression ${JSON.stringify(expr)}`);
}

/** A reference narrowed by TypeScript to non-null is unboxed at its use. */
function narrow(value: JavaValue, want: JavaKind): JavaValue {
  if ((value.kind === 'Double' && want === 'double') || (value.kind === 'Boolean' && want === 'boolean'))
    return { code: coerce(value, want), kind: want };
  return value;
}

function emitBinary(expr: Extract<Expr, { kind: 'binary' }>, env: JavaEnv): JavaValue {
  const left = emitExpr(expr.left, env);
  const right = emitExpr(expr.right, env);
  switch (expr.op) {
    case '&&':
    case '||':
      return { code: `(${coerce(left, 'boolean')} ${expr.op} ${coerce(right, 'boolean')})`, kind: 'boolean' };
    case '+':
      if (expr.type.base === 'string') return { code: `(${left.code} + ${right.code})`, kind: 'String' };
      return { code: `(${coerce(left, 'double')} + ${coerce(right, 'double')})`, kind: 'double' };
    case '-':
    case '*':
    case '/':
    case '%':
      // Java's double arithmetic is IEEE 754 like JavaScript's: x / 0 is ±Infinity or NaN, % keeps the dividend's sign.
      return { code: `(${coerce(left, 'double')} ${expr.op} ${coerce(right, 'double')})`, kind: 'double' };
    case '<':
    case '<=':
    case '>':
    case '>=':
      if (left.kind === 'String')
        return { code: `(${left.code}.compareTo(${right.code}) ${expr.op} 0)`, kind: 'boolean' };
      return { code: `(${coerce(left, 'double')} ${expr.op} ${coerce(right, 'double')})`, kind: 'boolean' };
    case '===':
    case '!==': {
      const equal = strictEquals(left, right);
      return { code: expr.op === '===' ? equal : `!${equal}`, kind: 'boolean' };
    }
    case '??': {
      const want = kindOf(expr.type);
      if (left.kind === 'null') return { code: coerce(right, want), kind: want };
      if (!isBoxed(left.kind)) return { code: coerce(left, want), kind: want };
      const boxedWant: JavaKind = want === 'double' ? 'Double' : want === 'boolean' ? 'Boolean' : want;
      const code = `Js.coalesce(${left.code}, ${coerce(right, boxedWant)})`;
      return { code: want === boxedWant ? code : coerce({ code, kind: boxedWant }, want), kind: want };
    }
  }
}

/** JavaScript === on the representations at hand. */
function strictEquals(left: JavaValue, right: JavaValue): string {
  if (left.kind === 'null' && right.kind === 'null') return 'true';
  if (left.kind === 'null' || right.kind === 'null') {
    const other = left.kind === 'null' ? right : left;
    return isBoxed(other.kind) ? `(${other.code} == null)` : 'false';
  }
  if (left.kind === 'double' && right.kind === 'double') return `(${left.code} == ${right.code})`;
  if (left.kind === 'boolean' && right.kind === 'boolean') return `(${left.code} == ${right.code})`;
  if (left.kind === 'String') return `java.util.Objects.equals(${left.code}, ${right.code})`;
  if (left.kind === 'double' || left.kind === 'Double')
    return `Js.strictEquals(${coerce(left, 'Double')}, ${coerce(right, 'Double')})`;
  return `java.util.Objects.equals(${coerce(left, 'Boolean')}, ${coerce(right, 'Boolean')})`;
}

/** The body of a Java method computing `fn`, returning `resultKind`. */
export function emitFnBody(fn: Fn, outer: JavaEnv, resultKind: JavaKind, indent: string): string[] {
  // Kinds of the function's consts (their names are unique per function body after lowering).
  const localKinds = new Map<string, JavaKind>();
  const env: JavaEnv = { ...outer, local: (name) => localKinds.get(name) };
  const lines: string[] = [];
  const statements = (stmts: readonly Stmt[], pad: string) => {
    for (const stmt of stmts) {
      if (stmt.kind === 'const') {
        const value = emitExpr(stmt.value, env);
        const kind = kindOf(stmt.value.type);
        localKinds.set(stmt.name, kind);
        lines.push(`${pad}final ${javaTypeOf(kind)} l_${stmt.name} = ${coerce(value, kind)};`);
      } else if (stmt.kind === 'if') {
        lines.push(`${pad}if (${coerce(emitExpr(stmt.test, env), 'boolean')}) {`);
        statements(stmt.then, pad + '  ');
        if (stmt.else) {
          lines.push(`${pad}} else {`);
          statements(stmt.else, pad + '  ');
        }
        lines.push(`${pad}}`);
      } else {
        lines.push(`${pad}return ${coerce(emitExpr(stmt.value, env), resultKind)};`);
      }
    }
  };
  statements(fn.body, indent);
  return lines;
}
