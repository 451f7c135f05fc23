import test from "ava";
import { Fraction, formatQ, parseRational, toFloat, bigRatioToFloat, sum, dot, q } from "@qrelu/core";

const parsed = (s: string) => {
  const r = parseRational(s);
  if (!r.ok) throw new Error(r.reason);
  return formatQ(r.value);
};

test("decimals parse exactly, not through a double", (t) => {
  t.is(parsed("0.1"), "1/10");
  t.is(parsed("1e-3"), "1/1000");
  t.is(parsed("-2.50"), "-5/2");
  t.is(parsed(".5"), "1/2");
  t.is(parsed("5."), "5");
  t.is(parsed("+3"), "3");
  t.is(parsed("1.5E2"), "150");
  t.is(parsed("-3/6"), "-1/2");
  t.is(parsed("0.30000000000000000001"), "30000000000000000001/100000000000000000000");
});

test("bad numbers are refused with a reason", (t) => {
  for (const s of ["", "abc", "1/0", "NaN", "Infinity", "-inf", "1e", "1.2.3", "0x10", "1 2", "1/-2", ".", "e5", "1e99999"]) {
    const r = parseRational(s);
    t.false(r.ok, s);
  }
  const r = parseRational("NaN");
  t.true(!r.ok && /finite/.test(r.reason));
});

test("floats for display survive huge numerators and denominators", (t) => {
  t.is(bigRatioToFloat(10n ** 400n, 3n * 10n ** 400n), 1 / 3);
  t.is(toFloat(new Fraction(7n, 2n)), 3.5);
});

test("sum and dot agree with fraction.js arithmetic", (t) => {
  const a = [q("1/3"), q("-2/7"), q("5/6")];
  const b = [q("3/2"), q("7/4"), q("-1/5")];
  t.is(formatQ(sum(a)), formatQ(a[0]!.add(a[1]!).add(a[2]!)));
  // 1/3*3/2 - 2/7*7/4 - 5/6*1/5 = 1/2 - 1/2 - 1/6
  t.is(formatQ(dot(a, b)), "-1/6");
});
