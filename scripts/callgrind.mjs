// Reading callgrind's dumps for `pnpm bench:instructions`: each function's own instructions, the instructions
// V8 spent compiling JavaScript, and names for the code V8's JIT generated (through the perf map Node writes
// with --perf-basic-prof-only-functions), sorted into the groups the report shows.
//
// The dump format is documented in valgrind's manual ("Callgrind Format Specification"). What matters here:
// `ob=`, `fn=` and `cob=`/`cfn=` name the object and function that the cost lines below them belong to; a name is
// spelled out once as `(id) name` and later written `(id)` alone; a `calls=` line says that the NEXT cost line
// is the inclusive cost of a call to `cfn`, not the caller's own work.
import { readFileSync } from 'node:fs';

/**
 * A C++ function's qualified name without its return type, template arguments or parameters
 * (`void v8::internal::String::WriteToFlat<unsigned char>(…)` → `v8::internal::String::WriteToFlat`), so one
 * pattern matches every instantiation and overload.
 */
export function qualifiedName(fn) {
  let name = fn.replace(/\(anonymous namespace\)::/g, '');
  for (let before = ''; before !== name; ) {
    before = name;
    name = name.replace(/<[^<>]*>/g, '');
  }
  const head = name.includes('(') ? name.slice(0, name.indexOf('(')) : name;
  return head.trim().split(/\s+/).at(-1);
}

/**
 * Where V8 starts compiling JavaScript: a function's first run (the parser and bytecode generator), Sparkplug's
 * baseline code and TurboFan's optimised code, entered from the runtime calls below. Compiling is real work, but
 * it comes in lumps (a function is compiled once, in whichever request makes it hot), so the report counts it
 * apart: the inclusive cost of every call into one of these from code that is not compiling already.
 */
const COMPILE_ENTRY =
  /^v8::internal::(Runtime_Compile\w*|Runtime_InstallBaselineCode|Runtime_InstallSFICode|Runtime_HealOptimizedCodeSlot|Runtime_BytecodeBudgetInterrupt\w*|Compiler::\w+)$/;
const COMPILING = /^v8::internal::(compiler::|baseline::|maglev::|interpreter::BytecodeGenerator|Parser|PreParser|Compiler::|GetOrCompileOptimized|TurbofanCompilationJob|OptimizedCompilationJob|UnoptimizedCompilationJob|TieringManager|BaselineBatchCompiler)/;

export const isCompiler = (fn) => {
  const name = qualifiedName(fn);
  return COMPILE_ENTRY.test(name) || COMPILING.test(name);
};

/**
 * Parses one dump. Returns its total instructions, each function's own instructions (keyed by
 * `object\tfunction`), and how many instructions ran inside V8's compilers: the inclusive cost of every call
 * from outside a compiler into one, so the helpers a compiler calls (its memory zone, malloc) count as
 * compiling too.
 */
export function readDump(file) {
  const text = readFileSync(file, 'utf8');
  const names = { ob: new Map(), fn: new Map() };
  // `(12) name` defines id 12; `(12)` refers back to it; a name without an id stands for itself.
  const resolve = (space, value) => {
    const match = /^\((\d+)\)(?: (.*))?$/.exec(value);
    if (!match) return value;
    if (match[2] !== undefined) names[space].set(match[1], match[2]);
    return names[space].get(match[1]) ?? `(${match[1]})`;
  };
  const self = new Map();
  let total;
  let compile = 0;
  let object = '';
  let fn = '';
  let calleeObject;
  let callee;
  let nextIsCall = false;
  for (const line of text.split('\n')) {
    const first = line.charCodeAt(0);
    // Cost lines start with a position: a digit, `+`, `-` or `*`.
    if ((first >= 48 && first <= 57) || first === 43 || first === 45 || first === 42) {
      const cost = Number(line.split(' ')[1] ?? 0);
      if (nextIsCall) {
        nextIsCall = false;
        if (COMPILE_ENTRY.test(qualifiedName(callee)) && !isCompiler(fn)) compile += cost;
        calleeObject = undefined;
      } else {
        const key = `${object}\t${fn}`;
        self.set(key, (self.get(key) ?? 0) + cost);
      }
      continue;
    }
    const equals = line.indexOf('=');
    const field = equals > 0 ? line.slice(0, equals) : '';
    const value = line.slice(equals + 1);
    if (field === 'ob') object = resolve('ob', value);
    else if (field === 'fn') fn = resolve('fn', value);
    else if (field === 'cob') calleeObject = resolve('ob', value);
    else if (field === 'cfn') callee = resolve('fn', value);
    else if (field === 'calls') nextIsCall = true;
    else if (line.startsWith('totals:') || (line.startsWith('summary:') && total === undefined)) total = Number(line.split(/\s+/)[1]);
  }
  // `cob` only matters to tell calls apart, which the inclusive sum above does not need.
  void calleeObject;
  return { total: total ?? [...self.values()].reduce((sum, cost) => sum + cost, 0), compile, self };
}

/**
 * The perf map V8 writes (`/tmp/perf-<pid>.map`): one line per piece of generated code, `start size name`, in
 * the order V8 made them. An address can be reused once old code is freed, so a lookup takes the latest entry
 * that covers it among those written before `limit` bytes of the file (the length when the dump was taken).
 */
export function readPerfMap(file) {
  const text = readFileSync(file, 'latin1');
  const entries = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    const match = /^([0-9a-f]+) ([0-9a-f]+) (.*)$/.exec(line);
    if (match) entries.push({ start: parseInt(match[1], 16), end: parseInt(match[1], 16) + parseInt(match[2], 16), name: match[3], offset });
    offset += line.length + 1;
  }
  entries.sort((a, b) => a.start - b.start || a.offset - b.offset);
  const longest = entries.reduce((most, entry) => Math.max(most, entry.end - entry.start), 0);
  return (address, limit = Infinity) => {
    // The last entry that starts at or below the address, then back over every entry that could still reach it.
    let low = 0;
    let high = entries.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (entries[middle].start <= address) low = middle + 1;
      else high = middle - 1;
    }
    let found;
    for (let i = high; i >= 0 && entries[i].start > address - longest; i -= 1) {
      const entry = entries[i];
      if (address < entry.end && entry.offset < limit && (!found || entry.offset > found.offset)) found = entry;
    }
    return found?.name;
  };
}

// Where a piece of JavaScript lives decides its group: the package folder under node_modules, Node's own
// modules (`node:`), Session Lab's compiled server, or the bench's routes.
const PACKAGE_GROUPS = [
  [/^(fastify|find-my-way|avvio|fast-json-stringify|fast-querystring|fast-decode-uri-component|light-my-request|toad-cache|rfdc|ret|safe-regex2|process-warning|abstract-logging|fastify-plugin|@fastify\/(error|ajv-compiler|fast-json-stringify-compiler|merge-json-schemas|forwarded|proxy-addr))$/, 'Fastify (core, router, serializer)'],
  // steed and its helpers run @fastify/jwt's callbacks; per request nothing else uses reusify.
  [/^(@fastify\/jwt|fast-jwt|@lukeed\/ms|mnemonist|obliterator|asn1\.js|ecdsa-sig-formatter|steed|fastfall|fastparallel|fastseries|reusify)$/, '@fastify/jwt and fast-jwt'],
  [/^(pino|pino-std-serializers|sonic-boom|fast-redact|@pinojs\/redact|quick-format-unescaped|atomic-sleep|on-exit-leak-free|safe-stable-stringify|thread-stream|fast-safe-stringify)$/, 'pino (the request log)'],
  [/^(ioredis|redis-parser|redis-errors|cluster-key-slot|denque|standard-as-callback|better-sqlite3|bindings|file-uri-to-path)$/, "the store's driver"],
  // @fastify/cookie parses with `cookie`; @fastify/helmet is not used per request (security.ts copies Helmet's headers).
  [/^(@fastify\/.*|cookie|helmet)$/, 'Fastify plugins (@fastify/cookie, …)'],
];

function groupOfScript(path) {
  // Code compiled from a string (`new Function`) has no file: Fastify's response serializers and validators.
  if (path === '') return 'code made at run time (new Function)';
  if (path.includes('/server/dist/')) return "Session Lab's code (server/dist)";
  if (path.includes('/scripts/')) return "the bench's routes (scripts/)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path.replace(/^.*\/node_modules\/\.pnpm\/[^/]+\//, ''))?.[1];
  if (pkg) return PACKAGE_GROUPS.find(([pattern]) => pattern.test(pkg))?.[1] ?? `other packages (${pkg})`;
  if (/^node:(internal\/)?crypto/.test(path)) return 'OpenSSL and node:crypto';
  if (path.startsWith('node:')) return "Node's HTTP, net and streams";
  return 'other JavaScript';
}

/**
 * A short, stable name and a group for one function of a dump. JavaScript generated by the JIT is named
 * through the perf map, without its tier mark (`*` TurboFan, `^` Sparkplug), so the same function in two
 * processes, or compiled twice, is one row.
 */
export function describe(object, fn, nameJit) {
  if (/^0x[0-9a-f]+$/.test(fn)) {
    const perf = nameJit(parseInt(fn, 16));
    if (!perf) return { name: '(JIT code not in the perf map)', group: 'JavaScript, unnamed' };
    if (/^RegExp:/.test(perf)) return { name: `regular expression /${perf.slice('RegExp:'.length)}/`, group: 'regular expressions (compiled by V8)' };
    if (/^(Builtin|BytecodeHandler|Handler|Stub):/.test(perf)) return { name: perf.replace(/^\w+:/, 'Builtins_'), group: 'V8 builtins' };
    const match = /^(?:JS|LazyCompile|Function):[*^~+]?(\S*) (.*?)(?::(\d+):\d+)?$/.exec(perf);
    if (!match) return { name: perf, group: 'other JavaScript' };
    const [, fnName, path, line] = match;
    const short = path
      .replace(/^file:\/\//, '')
      .replace(/^.*\/node_modules\/\.pnpm\/[^/]+\/node_modules\//, '')
      .replace(/^.*\/(server\/dist|scripts)\//, '$1/');
    const where = short === '' ? '(made at run time)' : short;
    return { name: `${fnName || '(anonymous)'} ${where}${line ? `:${line}` : ''}`, group: groupOfScript(path) };
  }
  // callgrind marks a recursive call's deeper levels with 'N; they are the same function.
  const name = qualifiedName(fn.replace(/'\d+$/, ''));
  if (isCompiler(fn)) return { name, group: "V8's JIT compiler" };
  if (/^Builtins_/.test(name)) return { name, group: 'V8 builtins' };
  if (/^v8::internal::(Heap|heap::|Scavenger|ScavengerCollector|MarkCompact|MinorMarkCompact|Sweeper|GCTracer|MemoryAllocator|PagedSpace|NewSpace|SemiSpace|ConcurrentMarking|IncrementalMarking|MarkingVisitor|MainMarkingVisitor|Evacuat|LocalHeap|ArrayBufferSweeper|MemoryChunk|MemoryReducer)/.test(name)) {
    return { name, group: "V8's garbage collector" };
  }
  if (/^llhttp|^node::http_parser::/.test(name)) return { name, group: 'llhttp (parsing the request, with its Node binding)' };
  if (/better_sqlite3|sqlite3/.test(object) || /^sqlite3/.test(name)) return { name, group: "the store's driver" };
  if (/libcrypto|libssl/.test(object) || /^(node::crypto::|EVP_|HMAC|SHA256|sha256_|ossl_|OSSL_|CRYPTO_|OPENSSL_|ERR_|BN_|RAND_|evp_|hmac_)/.test(name)) {
    return { name, group: 'OpenSSL and node:crypto' };
  }
  if (/^uv_|^uv__/.test(name)) return { name, group: 'libuv and system calls' };
  if (/libc\.so|ld-linux|libstdc\+\+|libm\.so/.test(object)) return { name, group: 'libc (memory, strings, system calls)' };
  if (/^node::|^napi_/.test(name)) return { name, group: "Node's HTTP, net and streams" };
  if (/^v8::|^simdutf::|^icu_\d+::/.test(name)) return { name, group: "V8's runtime (C++)" };
  return { name, group: 'other native code' };
}
