/**
 * The script's Date in the project's time zone (appsscript.json "timeZone"), as Apps Script's V8
 * runs every script: `new Date(2024, 0, 2)`, `getHours()`, `toString()` and dates parsed from
 * text without an offset all read and write wall-clock time there.
 * https://developers.google.com/apps-script/concepts/manifests (timeZone)
 * https://developers.google.com/apps-script/reference/base/session#getScriptTimeZone()
 *
 * Why not set TZ for the process: every vm context shares the host's ICU default zone, so TZ would
 * change the emulator's own dates, the test runner's and every other emulator's in the same process
 * (each project has its own zone). Instead each execution's context gets its own Date: the native
 * one with its local-time methods redefined over Intl, so the instant stays the native value and
 * Object.prototype.toString still says [object Date].
 */
import vm from 'node:vm';

// Plain ES5 run inside the script's context, so everything it builds belongs to the script's realm.
const SOURCE = String.raw`
(function (timeZone) {
  var NativeDate = Date;
  var proto = NativeDate.prototype;
  var utc = NativeDate.UTC;
  var NativeDTF = Intl.DateTimeFormat;
  var native = {};
  ['getTime', 'setTime', 'toISOString', 'getUTCFullYear', 'getUTCMonth', 'getUTCDate', 'getUTCDay', 'getUTCHours', 'getUTCMinutes', 'getUTCSeconds', 'getUTCMilliseconds',
   'getFullYear', 'getMonth', 'getDate', 'getHours', 'getMinutes', 'getSeconds', 'getMilliseconds', 'toLocaleString', 'toLocaleDateString', 'toLocaleTimeString']
    .forEach(function (k) { native[k] = proto[k]; });
  var parts = new NativeDTF('en-US', { timeZone: timeZone, hourCycle: 'h23', era: 'short', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  var names = new NativeDTF('en-US', { timeZone: timeZone, timeZoneName: 'long' });
  var DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  var MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

  function time(d) { return native.getTime.call(d); }
  /** Milliseconds the zone's clocks are ahead of UTC at instant t. */
  function offsetAt(t) {
    var p = {};
    parts.formatToParts(new NativeDate(t)).forEach(function (x) { p[x.type] = x.value; });
    var year = Number(p.year);
    if (p.era === 'BC') year = 1 - year;
    var wall = utc(2000, Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
    wall = new NativeDate(wall); wall.setUTCFullYear(year);
    var whole = t - (((t % 1000) + 1000) % 1000);
    return time(wall) - whole;
  }
  /** The instant whose wall clock reads 'wall' (a UTC-based number): the earlier one when the clocks fall back, past the gap when they spring forward. */
  function fromWall(wall) {
    if (!isFinite(wall)) return NaN;
    var before = offsetAt(wall - 864e5 / 2), after = offsetAt(wall + 864e5 / 2);
    if (offsetAt(wall - before) === before) return wall - before;
    if (offsetAt(wall - after) === after) return wall - after;
    return wall - before;
  }
  function wallOf(d) { var t = time(d); return isNaN(t) ? NaN : t + offsetAt(t); }
  function shifted(d) { return new NativeDate(wallOf(d)); }
  function toNumber(v) { return +v; }

  function ScriptDate(a, b, c, d, e, f, g) {
    if (new.target === undefined) return new ScriptDate().toString();
    var n = arguments.length, t;
    if (n === 0) t = NativeDate.now();
    else if (n === 1) {
      var v = a;
      if (v !== null && typeof v === 'object' && Object.prototype.toString.call(v) === '[object Date]') t = time(v);
      else {
        if (v !== null && typeof v === 'object') v = v.valueOf();
        t = typeof v === 'string' ? parse(v) : toNumber(v);
      }
    } else {
      var year = toNumber(a);
      if (isFinite(year)) { var y = Math.trunc(year); if (y >= 0 && y <= 99) year = 1900 + y; }
      t = fromWall(utc(year, toNumber(b), n > 2 ? toNumber(c) : 1, n > 3 ? toNumber(d) : 0, n > 4 ? toNumber(e) : 0, n > 5 ? toNumber(f) : 0, n > 6 ? toNumber(g) : 0));
    }
    return Reflect.construct(NativeDate, [t], new.target || ScriptDate);
  }

  var ZONED = /(?:Z|[+-]\d\d(?::?\d\d)?|\b(?:UTC|GMT|UT|[ECMP][SD]T)(?:[+-]\d+)?)\s*(?:\([^)]*\))?\s*$/i;
  var DATE_ONLY = /^[+-]?\d{4,6}(?:-\d\d(?:-\d\d)?)?$/;
  var ISO_LOCAL = /^[+-]?\d{4,6}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?$/;
  /** Text with its own offset, or a bare ISO date (UTC by the language's rules), parses as written; any other text is wall-clock time of the script's zone. */
  function parse(text) {
    var s = String(text).trim();
    if (DATE_ONLY.test(s) || ZONED.test(s)) return NativeDate.parse(s);
    var asUtc = ISO_LOCAL.test(s) ? NativeDate.parse(s + 'Z') : NativeDate.parse(s + ' UTC');
    if (isNaN(asUtc)) {
      var host = NativeDate.parse(s);
      if (isNaN(host)) return NaN;
      var h = new NativeDate(host);
      asUtc = utc(native.getFullYear.call(h), native.getMonth.call(h), native.getDate.call(h), native.getHours.call(h), native.getMinutes.call(h), native.getSeconds.call(h), native.getMilliseconds.call(h));
    }
    return fromWall(asUtc);
  }

  Object.defineProperty(ScriptDate, 'name', { value: 'Date' });
  ScriptDate.prototype = proto;
  ScriptDate.now = NativeDate.now;
  ScriptDate.UTC = NativeDate.UTC;
  ScriptDate.parse = function parse_(s) { return parse(s); };
  Object.defineProperty(proto, 'constructor', { value: ScriptDate, writable: true, configurable: true });

  function define(name, f) { Object.defineProperty(proto, name, { value: f, writable: true, configurable: true }); }
  [['getFullYear', 'getUTCFullYear'], ['getMonth', 'getUTCMonth'], ['getDate', 'getUTCDate'], ['getDay', 'getUTCDay'], ['getHours', 'getUTCHours'],
   ['getMinutes', 'getUTCMinutes'], ['getSeconds', 'getUTCSeconds'], ['getMilliseconds', 'getUTCMilliseconds']].forEach(function (pair) {
    var getter = native[pair[1]] || proto[pair[1]];
    define(pair[0], function () { return getter.call(shifted(this)); });
  });
  define('getYear', function () { return this.getFullYear() - 1900; });
  define('getTimezoneOffset', function () { var t = time(this); return isNaN(t) ? NaN : -offsetAt(t) / 60000; });
  // Local setters: change the wall clock with the UTC setter of a shifted copy, then map back.
  [['setFullYear', 'setUTCFullYear'], ['setMonth', 'setUTCMonth'], ['setDate', 'setUTCDate'], ['setHours', 'setUTCHours'],
   ['setMinutes', 'setUTCMinutes'], ['setSeconds', 'setUTCSeconds'], ['setMilliseconds', 'setUTCMilliseconds']].forEach(function (pair) {
    var setter = proto[pair[1]];
    define(pair[0], function () {
      var w = wallOf(this);
      if (isNaN(w)) { if (pair[0] !== 'setFullYear') return NaN; w = 0; }
      var copy = new NativeDate(w);
      setter.apply(copy, arguments);
      var t = fromWall(time(copy));
      native.setTime.call(this, t);
      return time(this);
    });
  });
  define('setYear', function (y) { y = toNumber(y); if (y >= 0 && y <= 99) y += 1900; return this.setFullYear(y); });

  function pad(n, w) { var s = String(Math.abs(n)); while (s.length < w) s = '0' + s; return (n < 0 ? '-' : '') + s; }
  function zoneText(d) {
    var t = time(d), off = offsetAt(t) / 60000, a = Math.abs(off);
    var name = '';
    names.formatToParts(new NativeDate(t)).forEach(function (x) { if (x.type === 'timeZoneName') name = x.value; });
    return 'GMT' + (off < 0 ? '-' : '+') + pad(Math.floor(a / 60), 2) + pad(a % 60, 2) + (name ? ' (' + name + ')' : '');
  }
  function dateText(w) { return DAYS[w.getUTCDay()] + ' ' + MONTHS[w.getUTCMonth()] + ' ' + pad(w.getUTCDate(), 2) + ' ' + pad(w.getUTCFullYear(), 4); }
  function timeText(w) { return pad(w.getUTCHours(), 2) + ':' + pad(w.getUTCMinutes(), 2) + ':' + pad(w.getUTCSeconds(), 2); }
  define('toString', function () { if (isNaN(time(this))) return 'Invalid Date'; var w = shifted(this); return dateText(w) + ' ' + timeText(w) + ' ' + zoneText(this); });
  define('toDateString', function () { return isNaN(time(this)) ? 'Invalid Date' : dateText(shifted(this)); });
  define('toTimeString', function () { return isNaN(time(this)) ? 'Invalid Date' : timeText(shifted(this)) + ' ' + zoneText(this); });
  function withZone(options) { var o = Object.assign({}, options); if (o.timeZone === undefined) o.timeZone = timeZone; return o; }
  ['toLocaleString', 'toLocaleDateString', 'toLocaleTimeString'].forEach(function (k) {
    define(k, function (locales, options) { return native[k].call(this, locales, withZone(options)); });
  });

  function DateTimeFormat(locales, options) { return new NativeDTF(locales, withZone(options)); }
  DateTimeFormat.prototype = NativeDTF.prototype;
  DateTimeFormat.supportedLocalesOf = NativeDTF.supportedLocalesOf;
  Intl.DateTimeFormat = DateTimeFormat;
  Date = ScriptDate;
})
`;

let compiled: vm.Script | undefined;

/** Makes `context`'s Date and Intl.DateTimeFormat keep wall-clock time in `timeZone`. */
export function installScriptTimeZone(context: vm.Context, timeZone: string): void {
  compiled ??= new vm.Script(SOURCE, { filename: 'script time zone' });
  const install = compiled.runInContext(context) as (tz: string) => void;
  install(timeZone);
}
