import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newEnvironment } from '../env';

const env = newEnvironment();
const ev = (expr: string) => env.evaluate(expr, {});
const fails = (expr: string, message: RegExp) => assert.throws(() => ev(expr), message);

test('strings: charAt, replace, reverse, format and the built-ins', () => {
  assert.equal(ev('"héllo".charAt(1)'), 'é');
  assert.equal(ev('"abc".charAt(3)'), '');
  fails('"abc".charAt(4)', /index out of range: 4/);
  assert.equal(ev('"a-b-c".replace("-", "+")'), 'a+b+c');
  assert.equal(ev('"a-b-c".replace("-", "+", 1)'), 'a+b-c');
  assert.equal(ev('"abc".reverse()'), 'cba');
  assert.equal(ev('"%s has %d items (%.2f%%)".format(["list", 3, 12.5])'), 'list has 3 items (12.50%)');
  assert.equal(ev('"%x %o %b".format([255, 8, 5])'), 'ff 10 101');
  fails('"%d".format(["x"])', /decimal clause can only be used on integers/);
  assert.equal(ev('"Hello".lowerAscii() + "x".upperAscii()'), 'helloX');
  assert.equal(ev('"a,b".split(",").join("|")'), 'a|b');
  assert.equal(ev('"  x ".trim()'), 'x');
  assert.equal(ev('"abcb".indexOf("b")'), 1n);
  assert.equal(ev('"abcb".lastIndexOf("b")'), 3n);
  assert.equal(ev('"abcdef".substring(1, 3)'), 'bc');
});

test('lists: isSorted, sum, min, max, indexOf, lastIndexOf, slice, flatten, distinct', () => {
  assert.equal(ev('[1, 2, 2, 5].isSorted()'), true);
  assert.equal(ev('["b", "a"].isSorted()'), false);
  assert.equal(ev('[1, 2, 3].sum()'), 6n);
  assert.equal(ev('[1.5, 2.5].sum()'), 4);
  assert.equal(ev('[3, 1, 2].min()'), 1n);
  assert.equal(ev('["a", "c", "b"].max()'), 'c');
  fails('[1].slice(0, 0).min()', /min called on empty list/);
  assert.equal(ev('[1, 2, 1].indexOf(1)'), 0n);
  assert.equal(ev('[1, 2, 1].lastIndexOf(1)'), 2n);
  assert.equal(ev('[1, 2, 1].indexOf(7)'), -1n);
  assert.deepEqual(ev('[1, 2, 3, 4].slice(1, 3)'), [2n, 3n]);
  assert.deepEqual(ev('[[1], [2, 3]].flatten()'), [1n, 2n, 3n]);
  assert.deepEqual(ev('[1, 2, 1].distinct()'), [1n, 2n]);
  fails('[9223372036854775807, 1].sum()', /integer overflow/);
});

test('regex: find and findAll', () => {
  assert.equal(ev('"abc 123 def 456".find("[0-9]+")'), '123');
  assert.equal(ev('"abc".find("[0-9]+")'), '');
  assert.deepEqual(ev('"abc 123 def 456".findAll("[0-9]+")'), ['123', '456']);
  assert.deepEqual(ev('"a1b2c3".findAll("[0-9]", 2)'), ['1', '2']);
  fails('"a".find("(")', /failed to compile regex/);
});

test('url: url(), isURL and the getters', () => {
  assert.equal(ev('isURL("https://example.com:8443/a b?x=1")'), true);
  assert.equal(ev('isURL("/just/a/path")'), true);
  assert.equal(ev('isURL("not a url")'), false);
  assert.equal(ev('url("https://user@example.com:8443/p").getScheme()'), 'https');
  assert.equal(ev('url("https://example.com:8443/p").getHost()'), 'example.com:8443');
  assert.equal(ev('url("https://example.com:8443/p").getHostname()'), 'example.com');
  assert.equal(ev('url("https://example.com:8443/p").getPort()'), '8443');
  assert.equal(ev('url("https://[::1]:80/p").getHostname()'), '::1');
  assert.equal(ev('url("https://[::1]/p").getPort()'), '');
  assert.equal(ev('url("https://example.com/a b").getEscapedPath()'), '/a%20b');
  assert.deepEqual(ev('url("https://example.com/?k=a&k=b&j=c").getQuery()'), { k: ['a', 'b'], j: ['c'] });
  fails('url("::bad")', /URL parse error/);
});

test('quantity: parsing, comparison and arithmetic', () => {
  assert.equal(ev('isQuantity("1.5Gi")'), true);
  assert.equal(ev('isQuantity("1.5Gx")'), false);
  assert.equal(ev('quantity("1Gi").isGreaterThan(quantity("1000Mi"))'), true);
  assert.equal(ev('quantity("100m").isLessThan(quantity("1"))'), true);
  assert.equal(ev('quantity("1k").compareTo(quantity("1000"))'), 0n);
  assert.equal(ev('quantity("1k") == quantity("1000")'), true);
  assert.equal(ev('quantity("2").add(quantity("500m")).asApproximateFloat()'), 2.5);
  assert.equal(ev('quantity("2").add(3).asInteger()'), 5n);
  assert.equal(ev('quantity("2").sub(3).sign()'), -1n);
  assert.equal(ev('quantity("1e3").asInteger()'), 1000n);
  assert.equal(ev('quantity("500m").isInteger()'), false);
  fails('quantity("500m").asInteger()', /cannot convert value to integer/);
  fails('quantity("abc")', /quantities must match the regular expression/);
});
