// Package check implements `terraform-provider-commshield check`, the
// pre-apply plan gate: it loads Terraform plans (internal/plan), runs the
// rule pack (internal/rules) and reports per rule, resource and control
// (internal/controls).
//
// # Command line
//
//	check [flags] PLAN...
//
// PLAN is `terraform show -json` output, "-" for stdin, or a binary plan
// file (recognised by its zip magic "PK\x03\x04" and converted by running
// `terraform show -json` in the plan's directory, where its .terraform
// lives; --terraform names the binary, else PATH). Several plans are loaded
// and checked concurrently, at most GOMAXPROCS at a time, and reported
// together; results keep argument order. Flags may come before or after
// the plans.
//
// # Exit codes
//
//	0  no enforced failure
//	1  enforced failures, an expired waiver, or undecidable results with --unknown=fail
//	2  usage or input error (bad flag, unreadable/invalid plan, config, waiver or
//	   baseline file, unknown rule in --explain), and internal errors
//
// Every exit-2 message is one line on stderr naming the file (and line where
// there is one), what is wrong and what to do. A panic anywhere (a rule bug)
// is recovered at the top of run and reported as "internal error" with a
// bug-report hint, still exit 2; the engine converts rule panics into a
// rules.RuleError first so the message names the rule and resource.
//
// # Verdicts, enforcement and exit
//
// Rules give pass, fail, undecidable (a value is known only after apply) or
// not_applicable. --unknown=warn|fail|pass decides whether undecidable counts
// like fail. Each rule has an enforcement level, as in Sentinel: advisory
// never fails the run, soft fails unless --override-soft, hard always fails.
// The level is, first match wins: the config file's rules.<ID>.enforcement,
// the strictest controls.<ID>.enforcement among the rule's controls, the
// file's top-level enforcement, the rule's own default
// (rules.Metadata.DefaultEnforcement: advisory for CFG-R01, CFG-R02 and
// NET-R28, whose failures prompt a review rather than name a defect; shown by
// --explain and in the rules guide), else hard. A result is "enforced" when it
// makes the run fail; reports show the flag.
//
// A plan that manages no aws_* or commshield_* resource (another cloud, or
// terraform_data only) is not an AWS workload: account-baseline and other
// plan-wide rules report not_applicable once each instead of failing
// (rules.IsAWSWorkload).
//
// --scope=changes judges only instances the plan creates, updates,
// replaces, deletes or forgets; the default all judges every managed
// instance that exists after apply. Diff rules (kind diff) also see deleted
// instances and drift.
//
// # Config file
//
// --config FILE, else .commshield.yaml in the current directory, else in
// the first plan's directory. YAML decoded strictly: an unknown key, a
// parameter no rule declares, a value of the wrong type, an unknown rule or
// control ID are errors with file:line. See schema.md for the format.
//
// # Waivers
//
// --waivers FILE lists accepted findings: rule (or control), address
// pattern, reason, owner and a mandatory expiry date (YYYY-MM-DD, inclusive,
// UTC). In patterns `[*]` and `["*"]` match any one instance key and `*`
// elsewhere matches any text, so `module.app["*"].aws_s3_bucket.logs[*]`
// and `*` work; a pattern is matched against the whole address. Only fail
// and undecidable findings are waived; they stay in every report with status
// "waived" and the waiver's reason/owner/expiry. An expired waiver waives
// nothing and fails the run (exit 1) until it is renewed or removed; a
// waiver that matched nothing is reported as unused (no exit effect).
//
// # Baselines
//
// --write-baseline FILE records every failing and undecidable finding
// (rule ID, address, attribute, status and a fingerprint: sha256 over those
// four, so message wording and plan location do not matter). --baseline FILE
// reports matching findings as "baselined" and does not count them, so a
// brownfield stack can adopt the gate while new findings still fail. A
// finding that turns from undecidable into fail, or moves to another
// attribute, is new. Waivers win over the baseline when both match. Writing
// a baseline does not change the exit code of that run.
//
// # Reports
//
// --format text|json|sarif|junit|markdown|github, repeatable, each as
// FORMAT or FORMAT=FILE; at most one goes to stdout. Output is deterministic
// (plans in argument order, then rule ID, address, attribute) and has no
// timestamps, so golden files (testdata/golden, regenerated with
// `go test ./internal/check -update`) pin every format.
//
//   - text: findings that need a human, grouped by guidance category and
//     primary control, then a summary; coloured only when stdout is a
//     terminal and NO_COLOR is unset. Passing results are only counted.
//   - json: the full Report (every result, summary, per-control status,
//     waivers), versioned by schema_version and documented in schema.md and
//     report.schema.json (tests validate against it). Minor versions only add
//     fields; a rename, removal or change of meaning bumps the major.
//   - sarif: SARIF 2.1.0 with every enabled rule in tool.driver.rules,
//     results for non-passing findings (waived/baselined ones carry
//     suppressions), levels error/warning/note, logical locations (the
//     resource address) and, with --config-dir DIR, physical .tf file:line
//     regions found by parsing the root module and local module sources
//     with hashicorp/hcl/v2. Validated in tests against the vendored OASIS
//     schema. Inline blocks that are sets in the provider schema (e.g.
//     ingress) are located by position, which can differ from set order.
//   - junit: one testcase per rule × resource (several findings on one
//     resource are merged), one testsuite per plan.
//   - markdown: a PR comment with a summary table and the findings that need
//     attention; waived/baselined ones folded away.
//   - github: workflow commands (::error for enforced failures, ::warning
//     otherwise, with file/line when known).
//
// The controls section gives each catalog control the worst status of its
// results: fail > undecidable > waived/baselined > pass > not_applicable.
//
// # Performance
//
// Each plan is parsed once (internal/plan decodes values lazily and builds
// its reference index once); the engine indexes per-resource rules by type
// once, evaluates chunks of instances and plan-wide rules on a
// GOMAXPROCS-bounded pool, and never re-reads JSON. BenchmarkCheck (whole
// pack), BenchmarkCheckSeedRules (framework only) and BenchmarkEachRule (one
// rule at a time, to find rules whose cost grows faster than the plan) run
// on plangen-scaled copies of the demo plan.
//
// Measured with `make bench` (tools/bench: the built binary, every rule,
// text report; best of 3 runs, 1 at 100k) on the 2-core development VM,
// 2026-11-26 22:08 UTC with the machine otherwise idle (load average 0.1):
//
//	instances  file     check    vs json.Unmarshal  vs CPython json.load  peak RSS (x file)
//	1k         3.7 MB   0.05 s   1.46x              2.15x                 66 MB (binary's own ~45 MB)
//	15k        54.6 MB  0.44 s   0.88x              0.87x                 181 MB (3.48x)
//	100k       364 MB   3.39 s   0.74x              0.62x                 844 MB (2.43x)
//
// Growth 1k -> 100k: t ∝ n^0.92 (json.Unmarshal: n^1.07). check can beat a
// bare json.Unmarshal because it never builds encoding/json's map[string]any
// tree: the envelope decoder validates and decodes in one pass, values are
// decoded lazily, and rules run on both cores. Before the work described
// below (42efe24, idle machine) the same table read 0.09 s / 2.6x, 1.14 s /
// 2.25x and 7.48 s / 2.15x. On a loaded machine the figures swing (21:39
// UTC, load 4.3-4.8: 0.08 s / 2.0x, 0.66 s / 1.22x, 8.23 s / 1.92x; other
// runs 1.0-2.3x at 15k): a check using both cores loses more than the
// single-threaded baseline when the cores are busy. Binaries of 42efe24 and
// of this version run alternately with the json.Unmarshal child
// (tools/bench -child unmarshal) under /usr/bin/time, 21:54 UTC, load 6: at
// 15k best wall 0.66 s against json.Unmarshal's 0.64 s (42efe24: 1.55 s),
// CPU (user+sys) 0.62-0.72 s against 0.53-0.66 s (42efe24: 1.38-1.53 s),
// peak RSS 173 MB; at 100k 3.26 s against 4.90 s (42efe24: 12.4 s).
// At 1k the ratio is mostly the binary's start-up: initialising the linked
// AWS SDK and plugin framework packages takes ~20 ms before main runs
// (GODEBUG=inittrace=1), while check.Main in a small binary (tools/bench
// without -cli) is 1.1x json.Unmarshal there. In one benchmark binary,
// BenchmarkCheckVsUnmarshal alternates a whole check of the scaled demo plan
// (security groups, sensitive values) with json.Unmarshal of the same bytes
// and reports the ratio (1.38 at load 6; a parallel check loses more than the
// single-threaded baseline when the machine is busy, 1.8-2.3 at load 7 and
// more).
//
// What keeps it there. Loading: the plan envelope is decoded in one
// validating pass by internal/plan's own reader instead of json.Unmarshal's
// validate-then-decode (0.08-0.10 s instead of 0.36-0.54 s at 15k on the
// loaded machine, BenchmarkLoad_15k/envelope vs envelope-encoding-json;
// inputs it declines, all invalid ones included, still go through
// encoding/json and get its messages); escaped strings and the
// unknown/sensitive overlays are decoded without encoding/json; decoded
// values share one cty object/tuple type per shape across the plan and value
// decoders are reused (ctytypes.go); overlays that mark nothing are not
// parsed; the raw values are compacted so the input can be freed, beside the
// rest of the model building. Rules: cross-resource questions go through the
// plan's indexes (OfType, the reverse reference index of ReferrersOf, the
// identity index), built once per plan; the reverse index decodes the
// instances it reads on all cores, since the rule workers wait for it; tag
// lookups read one attribute rather than building a map per call, marks are
// found without cty.Walk, and the seed security-group rules compute SGRules
// once. Report: built from detached resources so the decoded plan is garbage
// once the rules have run, results slice sized once, fingerprints and text
// lines without per-result allocations, and the JSON report is streamed
// result by result through a hand-written encoder (see below). On big plans (16 MB and more) Main sets a soft memory
// limit of 2.25x the plan size (memory.go): without it peak RSS is about 6x
// the file.
//
// What is left of the 15k CPU profile (~0.6 s): decoding values to cty
// (~0.13 s, mostly building the map[string]any of every object, which cty
// requires), the envelope (~0.06 s) and building the model (~0.07 s, a
// third of it copying the kept values), the rules (~0.15 s besides value
// decoding; on plans with security groups, SGRules is still recomputed by
// each rule that reads it), the report (~0.06 s) and the collector
// (~0.05 s).
//
// JSON report (--format json, what tools/benchpeers times): the results,
// nearly all of a big report (53k results, 40 MB at 15k instances), are
// appended by appendResultJSON (format_json.go) into one reused 64 KiB
// buffer, with encoding/json's string escaping reimplemented (HTML
// escaping on, U+2028/U+2029, invalid UTF-8 as \ufffd); the rest of the
// report still goes through encoding/json. Output is byte-identical, which
// tests and fuzzers check against encoding/json. Encoding each result with
// encoding/json and re-indenting it with json.Indent had made json 0.25-0.35
// s slower than text at 15k. BenchmarkJSONReport (writing that report
// only; 22:54 UTC, load 4): 67 ms/op, against 520 ms/op for the former
// per-result encoding/json + json.Indent and 435 ms/op for encoding/json
// on the whole report. `check --format json|text PLAN > /dev/null`,
// /usr/bin/time -v, this binary alternating with the previous one
// (ef95987), 2026-11-26 22:53 UTC, load average 4.5-4.8 (other builds
// running):
//
//	instances  format  wall best (before)  CPU best (before)  peak RSS (x file)
//	15k        json    0.47 s (0.69 s)     0.68 s (0.88 s)    181 MB (3.3x)
//	15k        text    0.44 s (0.47 s)     0.66 s (0.68 s)    180 MB (3.3x)
//	100k       json    4.89 s (5.92 s)     4.71 s (6.14 s)    843 MB (2.3x)
//	100k       text    4.80 s (4.56 s)     4.80 s (4.72 s)    843 MB (2.3x)
//
// (best of 5 at 15k, of 2 at 100k; text is the same code before and
// after, so its spread is the machine's: text's peak RSS also moved from
// 175 to 180-184 MB). A second 15k round at 22:54 UTC, load 4.8 with both
// cores busier: best wall json 0.79 s (0.98 s), text 0.76 s (0.71 s); best
// CPU json 0.66 s (0.85 s), text 0.67 s (0.66 s). Writing the JSON report
// is now ~5% of a 15k check's CPU profile.
//
// Sensitive values never reach a report: rules render values through
// rules.Display, and the engine additionally redacts any sensitive string of
// the judged instance from messages (TestNoSensitiveValueInAnyFormat).
package check
