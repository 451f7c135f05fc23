/**
 * Target expressions: a tiny recursive-descent parser for
 *   expr  := term (("+" | "-") term)*
 *   term  := unary (("*" | "/") unary)*
 *   unary := ("+" | "-") unary | power
 *   power := atom ("^" unary)?                 (right-associative; integer exponents)
 *   atom  := NUMBER | VAR | FN "(" expr ")" | "(" expr ")"
 * NUMBER is a decimal read exactly ("0.1" is 1/10); VAR is x (1-D) or x1, x2, …;
 * FN is sin, cos, exp or sqrt — evaluated in floats, so a target using them is inexact.
 * `-x^2` is −(x²), as in ordinary notation. Hand-written: the grammar is tiny and the
 * errors can point at the column.
 */
import { Fraction, toFloat } from "@qrelu/core";
import { InputError, parseRational } from "@qrelu/core";
import { polyAdd, polyAffine, polyConst, polyConstantValue, polyDegree, polyMul, polyPow, polyScale, type Poly } from "./poly";

export type Expr =
  | { kind: "num"; value: Fraction }
  | { kind: "var"; index: number }
  | { kind: "neg"; arg: Expr }
  | { kind: "bin"; op: "+" | "-" | "*" | "/"; left: Expr; right: Expr }
  | { kind: "pow"; base: Expr; exp: number }
  | { kind: "fn"; name: FnName; arg: Expr };

export const FUNCTIONS = ["sin", "cos", "exp", "sqrt"] as const;
export type FnName = (typeof FUNCTIONS)[number];

/** Stated limits: keeps exact powers and expression trees small. */
export const EXPR_LIMITS = { maxLength: 2000, maxExponent: 32, maxDepth: 200 } as const;

export interface Target {
  text: string;
  d: number;
  ast: Expr;
  /** Polynomial form in x1..xd when the expression is one (no functions, division by constants only). */
  poly?: Poly;
  /** Degree of `poly` (−Infinity for the zero polynomial). */
  degree?: number;
  /** True when values at rational points are exact rationals (no sin/cos/exp/sqrt). */
  rational: boolean;
}

type Tok = { t: "num" | "id" | "op"; v: string; at: number };

function tokenize(text: string, field: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const num = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(text.slice(i));
    if (num) {
      toks.push({ t: "num", v: num[0], at: i });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z_0-9]*/.exec(text.slice(i));
    if (id) {
      toks.push({ t: "id", v: id[0], at: i });
      i += id[0].length;
      continue;
    }
    if ("+-*/^()".includes(c)) {
      toks.push({ t: "op", v: c, at: i });
      i++;
      continue;
    }
    throw new InputError(`unexpected character ${JSON.stringify(c)} at column ${i + 1} of ${JSON.stringify(text)}`, { field });
  }
  return toks;
}

/** Parse a target expression in d variables. `field` names the option/field in errors. */
export function parseTarget(text: string, d: number, field = "--target"): Target {
  if (text.length > EXPR_LIMITS.maxLength) {
    throw new InputError(`expression longer than ${EXPR_LIMITS.maxLength} characters`, { field });
  }
  const toks = tokenize(text, field);
  let p = 0;
  let depth = 0;
  const fail = (msg: string, tok?: Tok): never => {
    const where = tok ? ` at column ${tok.at + 1}` : " at the end";
    throw new InputError(`${msg}${where} of ${JSON.stringify(text)}`, { field });
  };
  const peek = (): Tok | undefined => toks[p];
  const isOp = (v: string): boolean => peek()?.t === "op" && peek()!.v === v;
  const varNames = d === 1 ? "x (or x1)" : Array.from({ length: d }, (_, k) => `x${k + 1}`).join(", ");

  const expr = (): Expr => {
    if (++depth > EXPR_LIMITS.maxDepth) fail(`nested deeper than ${EXPR_LIMITS.maxDepth}`, peek());
    let left = term();
    while (isOp("+") || isOp("-")) {
      const op = toks[p++]!.v as "+" | "-";
      left = { kind: "bin", op, left, right: term() };
    }
    depth--;
    return left;
  };
  const term = (): Expr => {
    let left = unary();
    while (isOp("*") || isOp("/")) {
      const op = toks[p++]!.v as "*" | "/";
      left = { kind: "bin", op, left, right: unary() };
    }
    return left;
  };
  const unary = (): Expr => {
    if (isOp("-")) {
      p++;
      if (++depth > EXPR_LIMITS.maxDepth) fail(`nested deeper than ${EXPR_LIMITS.maxDepth}`, peek());
      const r: Expr = { kind: "neg", arg: unary() };
      depth--;
      return r;
    }
    if (isOp("+")) {
      p++;
      return unary();
    }
    return power();
  };
  const power = (): Expr => {
    const base = atom();
    if (!isOp("^")) return base;
    const tok = toks[p++]!;
    const e = unary();
    const ev = constantValue(e);
    if (ev === undefined || ev.d !== 1n) fail("the exponent after ^ must be an integer constant", tok);
    const k = Number(ev!.s * ev!.n);
    if (Math.abs(k) > EXPR_LIMITS.maxExponent) fail(`exponent ${k} beyond the limit ±${EXPR_LIMITS.maxExponent}`, tok);
    return { kind: "pow", base, exp: k };
  };
  const atom = (): Expr => {
    const tok = peek();
    if (!tok) return fail("expression ends too early");
    p++;
    if (tok.t === "num") {
      const r = parseRational(tok.v);
      if (!r.ok) fail(`bad number ${tok.v} (${r.reason})`, tok);
      return { kind: "num", value: (r as { value: Fraction }).value };
    }
    if (tok.t === "op" && tok.v === "(") {
      const e = expr();
      if (!isOp(")")) fail('missing ")"', peek());
      p++;
      return e;
    }
    if (tok.t === "id") {
      if ((FUNCTIONS as readonly string[]).includes(tok.v)) {
        if (!isOp("(")) fail(`${tok.v} needs an argument in parentheses`, peek());
        p++;
        const arg = expr();
        if (!isOp(")")) fail('missing ")"', peek());
        p++;
        return { kind: "fn", name: tok.v as FnName, arg };
      }
      const m = /^x(\d*)$/.exec(tok.v);
      if (m) {
        const k = m[1] === "" ? (d === 1 ? 1 : 0) : Number(m[1]);
        if (k >= 1 && k <= d) return { kind: "var", index: k - 1 };
      }
      return fail(`unknown name ${JSON.stringify(tok.v)} (variables: ${varNames}; functions: ${FUNCTIONS.join(", ")})`, tok);
    }
    return fail(`unexpected ${JSON.stringify(tok.v)}`, tok);
  };

  if (toks.length === 0) throw new InputError("empty expression", { field });
  const ast = expr();
  if (p < toks.length) fail(`unexpected ${JSON.stringify(toks[p]!.v)}`, toks[p]);
  const poly = toPoly(ast, d);
  return {
    text,
    d,
    ast,
    poly,
    degree: poly ? polyDegree(poly) : undefined,
    rational: !usesFunction(ast),
  };
}

function usesFunction(e: Expr): boolean {
  switch (e.kind) {
    case "num":
    case "var":
      return false;
    case "neg":
      return usesFunction(e.arg);
    case "pow":
      return usesFunction(e.base);
    case "bin":
      return usesFunction(e.left) || usesFunction(e.right);
    case "fn":
      return true;
  }
}

/** Value of a constant sub-expression (no variables, no functions), else undefined. */
function constantValue(e: Expr): Fraction | undefined {
  try {
    return evalExact(e, []);
  } catch {
    return undefined;
  }
}

class NotExact extends Error {}

/** Exact value at a rational point; throws when a function or a division by zero makes it inexact/undefined. */
function evalExact(e: Expr, x: readonly Fraction[]): Fraction {
  switch (e.kind) {
    case "num":
      return e.value;
    case "var":
      if (x[e.index] === undefined) throw new NotExact("variable");
      return x[e.index]!;
    case "neg":
      return evalExact(e.arg, x).neg();
    case "pow": {
      const b = evalExact(e.base, x);
      if (e.exp < 0 && b.equals(0)) throw new NotExact("0 to a negative power");
      return b.pow(e.exp);
    }
    case "bin": {
      const l = evalExact(e.left, x);
      const r = evalExact(e.right, x);
      if (e.op === "+") return l.add(r);
      if (e.op === "-") return l.sub(r);
      if (e.op === "*") return l.mul(r);
      if (r.equals(0)) throw new NotExact("division by zero");
      return l.div(r);
    }
    case "fn":
      throw new NotExact("function");
  }
}

function evalFloat(e: Expr, x: readonly number[]): number {
  switch (e.kind) {
    case "num":
      return toFloat(e.value);
    case "var":
      return x[e.index]!;
    case "neg":
      return -evalFloat(e.arg, x);
    case "pow":
      return evalFloat(e.base, x) ** e.exp;
    case "bin": {
      const l = evalFloat(e.left, x);
      const r = evalFloat(e.right, x);
      return e.op === "+" ? l + r : e.op === "-" ? l - r : e.op === "*" ? l * r : l / r;
    }
    case "fn":
      return Math[e.name](evalFloat(e.arg, x));
  }
}

function toPoly(e: Expr, d: number): Poly | undefined {
  switch (e.kind) {
    case "num":
      return polyConst(d, e.value);
    case "var": {
      const c = new Array(d).fill(new Fraction(0));
      c[e.index] = new Fraction(1);
      return polyAffine(new Fraction(0), c);
    }
    case "neg": {
      const a = toPoly(e.arg, d);
      return a && polyScale(a, new Fraction(-1));
    }
    case "pow": {
      const b = toPoly(e.base, d);
      if (!b) return undefined;
      if (e.exp >= 0) return polyPow(b, e.exp);
      const c = polyConstantValue(b);
      return c === undefined || c.equals(0) ? undefined : polyConst(d, c.pow(e.exp));
    }
    case "bin": {
      const l = toPoly(e.left, d);
      const r = toPoly(e.right, d);
      if (!l || !r) return undefined;
      if (e.op === "+") return polyAdd(l, r);
      if (e.op === "-") return polyAdd(l, r, -1);
      if (e.op === "*") return polyMul(l, r);
      const c = polyConstantValue(r);
      return c === undefined || c.equals(0) ? undefined : polyScale(l, c.inverse());
    }
    case "fn":
      return undefined;
  }
}

/** The target at a rational point: exact when possible, else a float with `exact: false`. */
export function targetValue(t: Target, x: readonly Fraction[]): { exact: true; value: Fraction } | { exact: false; value: number } {
  if (t.rational) {
    try {
      return { exact: true, value: evalExact(t.ast, x) };
    } catch (e) {
      if (!(e instanceof NotExact)) throw e;
    }
  }
  return { exact: false, value: evalFloat(t.ast, x.map((v) => toFloat(v))) };
}

export function targetFloat(t: Target, x: readonly number[]): number {
  return evalFloat(t.ast, x);
}
