import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newEnvironment } from '../env';

const env = newEnvironment();
const ev = (expr: string) => env.evaluate(expr, {});
const expect = (cases: Array<[string, unknown]>) => {
  for (const [expr, want] of cases) assert.deepEqual(ev(expr), want, expr);
};
const fails = (expr: string, message: RegExp) => assert.throws(() => ev(expr), message);

test('strings: charAt, replace, reverse, format and the built-ins', () => {
  expect([
    ['"héllo".charAt(1)', 'é'],
    ['"abc".charAt(3)', ''],
    ['"a-b-c".replace("-", "+")', 'a+b+c'],
    ['"a-b-c".replace("-", "+", 1)', 'a+b-c'],
    ['"abc".reverse()', 'cba'],
    ['"%s has %d items (%.2f%%)".format(["list", 3, 12.5])', 'list has 3 items (12.50%)'],
    ['"%x %o %b".format([255, 8, 5])', 'ff 10 101'],
    ['"Hello".lowerAscii() + "x".upperAscii()', 'helloX'],
    ['"a,b".split(",").join("|")', 'a|b'],
    ['"  x ".trim()', 'x'],
    ['"abcb".indexOf("b")', 1n],
    ['"abcb".lastIndexOf("b")', 3n],
    ['"abcdef".substring(1, 3)', 'bc'],
  ]);
  fails('"abc".charAt(4)', /index out of range: 4/);
  fails('"%d".format(["x"])', /decimal clause can only be used on integers/);
});

test('lists: isSorted, sum, min, max, indexOf, lastIndexOf, slice, flatten, distinct', () => {
  expect([
    ['[1, 2, 2, 5].isSorted()', true],
    ['["b", "a"].isSorted()', false],
    ['[1, 2, 3].sum()', 6n],
    ['[1.5, 2.5].sum()', 4],
    ['[3, 1, 2].min()', 1n],
    ['["a", "c", "b"].max()', 'c'],
    ['[1, 2, 1].indexOf(1)', 0n],
    ['[1, 2, 1].lastIndexOf(1)', 2n],
    ['[1, 2, 1].indexOf(7)', -1n],
    ['[1, 2, 3, 4].slice(1, 3)', [2n, 3n]],
    ['[[1], [2, 3]].flatten()', [1n, 2n, 3n]],
    ['[1, 2, 1].distinct()', [1n, 2n]],
  ]);
  fails('[1].slice(0, 0).min()', /min called on empty list/);
  fails('[9223372036854775807, 1].sum()', /integer overflow/);
});

test('sets: contains, equivalent, intersects', () => {
  expect([
    ['sets.contains([1, 2, 3], [3, 1])', true],
    ['sets.contains([1, 2], [4])', false],
    ['sets.equivalent(["a", "b", "b"], ["b", "a"])', true],
    ['sets.equivalent([1], [1, 2])', false],
    ['sets.intersects([1, 2], [2, 5])', true],
    ['sets.intersects([1], [])', false],
  ]);
});

test('regex: find and findAll', () => {
  expect([
    ['"abc 123 def 456".find("[0-9]+")', '123'],
    ['"abc".find("[0-9]+")', ''],
    ['"abc 123 def 456".findAll("[0-9]+")', ['123', '456']],
    ['"a1b2c3".findAll("[0-9]", 2)', ['1', '2']],
  ]);
  fails('"a".find("(")', /failed to compile regex/);
});

test('url: url(), isURL and the getters', () => {
  expect([
    ['isURL("https://example.com:8443/a b?x=1")', true],
    ['isURL("/just/a/path")', true],
    ['isURL("not a url")', false],
    ['url("https://user@example.com:8443/p").getScheme()', 'https'],
    ['url("https://example.com:8443/p").getHost()', 'example.com:8443'],
    ['url("https://example.com:8443/p").getHostname()', 'example.com'],
    ['url("https://example.com:8443/p").getPort()', '8443'],
    ['url("https://[::1]:80/p").getHostname()', '::1'],
    ['url("https://[::1]/p").getPort()', ''],
    ['url("https://example.com/a b").getEscapedPath()', '/a%20b'],
    ['url("https://example.com/?k=a&k=b&j=c").getQuery()', { k: ['a', 'b'], j: ['c'] }],
  ]);
  fails('url("::bad")', /URL parse error/);
});

test('quantity: parsing, comparison and arithmetic', () => {
  expect([
    ['isQuantity("1.5Gi")', true],
    ['isQuantity("1.5Gx")', false],
    ['quantity("1Gi").isGreaterThan(quantity("1000Mi"))', true],
    ['quantity("100m").isLessThan(quantity("1"))', true],
    ['quantity("1k").compareTo(quantity("1000"))', 0n],
    ['quantity("1k") == quantity("1000")', true],
    ['quantity("2").add(quantity("500m")).asApproximateFloat()', 2.5],
    ['quantity("2").add(3).asInteger()', 5n],
    ['quantity("2").sub(3).sign()', -1n],
    ['quantity("1e3").asInteger()', 1000n],
    ['quantity("500m").isInteger()', false],
  ]);
  fails('quantity("500m").asInteger()', /cannot convert value to integer/);
  fails('quantity("abc")', /quantities must match the regular expression/);
});

test('ip and cidr: parsing, methods and containment', () => {
  expect([
    ['isIP("10.0.0.1")', true],
    ['isIP("010.0.0.1")', false],
    ['isIP("::ffff:10.0.0.1")', false],
    ['isIP("fe80::1%eth0")', false],
    ['ip("10.0.0.1").family()', 4n],
    ['ip("2001:db8::1").family()', 6n],
    ['ip("127.0.0.1").isLoopback() && ip("::1").isLoopback()', true],
    ['ip("0.0.0.0").isUnspecified()', true],
    ['ip("169.254.1.1").isLinkLocalUnicast() && ip("fe80::1").isLinkLocalUnicast()', true],
    ['ip("224.0.0.1").isLinkLocalMulticast() && ip("ff02::1").isLinkLocalMulticast()', true],
    ['ip("8.8.8.8").isGlobalUnicast() && !ip("127.0.0.1").isGlobalUnicast()', true],
    ['ip.isCanonical("2001:db8::1")', true],
    ['ip.isCanonical("2001:DB8:0::1")', false],
    ['string(ip("2001:db8:0:0:1:0:0:1"))', '2001:db8::1:0:0:1'],
    ['ip("10.0.0.1") == ip("10.0.0.1")', true],
    ['isCIDR("10.0.0.0/8") && !isCIDR("10.0.0.0/33")', true],
    ['cidr("10.0.0.0/8").containsIP("10.1.2.3")', true],
    ['cidr("10.0.0.0/8").containsIP(ip("11.0.0.1"))', false],
    ['cidr("10.0.0.0/8").containsCIDR("10.1.0.0/16")', true],
    ['cidr("10.1.0.0/16").containsCIDR(cidr("10.0.0.0/8"))', false],
    ['string(cidr("10.1.2.3/8").masked())', '10.0.0.0/8'],
    ['cidr("2001:db8::/32").prefixLength()', 32n],
    ['string(cidr("10.1.2.3/8").ip())', '10.1.2.3'],
  ]);
  fails('ip("1.2.3")', /unable to parse IP/);
});
