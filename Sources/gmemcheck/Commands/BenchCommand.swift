import Explorer
import Foundation
import GmemModel
import Invariants

/// `gmemcheck bench`: a fixed suite of safety searches of the default
/// design, one table row each, for the speed and memory figures.
enum BenchCommand {
  struct Case {
    let name: String
    let folios: Int
    let subpages: Int
    let symmetry: Bool
    /// nil: every core.
    let threads: Int?
    /// Two one-thread searches of the case at once, each with its own
    /// tables: what this machine gives two searches that share nothing,
    /// the yardstick for the same case on two threads.
    var sideBySide = false
    /// Every property, liveness included: the graph engine.
    var liveness = false
    /// The safety properties for every folio size (`check --all-sizes`):
    /// its figures are the abstract search's, or with `views` the views'
    /// (parts as states, expansions as transitions); `subpages` is not
    /// used.
    var everySize = false
    /// With `everySize`: the views of two subpages first, as `check
    /// --all-sizes` does by default; else the cap-1 searches alone.
    var views = false
    /// `--set` overrides of the default design.
    var overrides: [String] = []

    var threadsColumn: String { sideBySide ? "1+1" : "\(threads ?? EngineOptions.cores)" }
  }

  /// The suite the figures in the README come from. Release build only:
  /// a debug build is ten times slower and says nothing.
  static let full: [Case] = [
    Case(name: "F1 N5 raw", folios: 1, subpages: 5, symmetry: false, threads: 1),
    Case(name: "F1 N5 raw", folios: 1, subpages: 5, symmetry: false, threads: nil),
    Case(name: "F1 N8 reduced", folios: 1, subpages: 8, symmetry: true, threads: 1),
    Case(name: "F1 N8 reduced", folios: 1, subpages: 8, symmetry: true, threads: nil),
    Case(name: "F1 N8 reduced", folios: 1, subpages: 8, symmetry: true, threads: 1, sideBySide: true),
    // F1 N8 is also the largest N that finishes within a minute here.
    Case(name: "F2 N3 reduced", folios: 2, subpages: 3, symmetry: true, threads: nil),
    // `check Models/default.json5` as people run it: every property.
    Case(name: "F1 N5 live", folios: 1, subpages: 5, symmetry: true, threads: nil, liveness: true),
    Case(name: "F1 N6 live", folios: 1, subpages: 6, symmetry: true, threads: nil, liveness: true),
    Case(name: "F2 N3 live", folios: 2, subpages: 3, symmetry: true, threads: nil, liveness: true),
    // `check Models/default.json5 --all-sizes`: a second.
    Case(name: "F1 views N", folios: 1, subpages: 1, symmetry: false, threads: nil, everySize: true, views: true),
    // The same with --no-views: the cap-1 search, minutes.
    Case(name: "F1 every N", folios: 1, subpages: 1, symmetry: false, threads: nil, everySize: true),
    // `check Models/in-place-content.json5 --all-sizes`, and with
    // --no-views: two searches of the default design's abstract states
    // (content by induction).
    Case(
      name: "F1 data views", folios: 1, subpages: 1, symmetry: false, threads: nil, everySize: true, views: true,
      overrides: ["trackData=true"]),
    Case(
      name: "F1 data all N", folios: 1, subpages: 1, symmetry: false, threads: nil, everySize: true,
      overrides: ["trackData=true"]),
    // `check Models/two-vcpus.json5 --all-sizes`: the largest set of
    // globals (under a minute; the cap-1 search does not finish).
    Case(
      name: "V2 views N", folios: 1, subpages: 1, symmetry: false, threads: nil, everySize: true, views: true,
      overrides: ["vcpus=2"]),
  ]

  /// Seconds, not minutes: for CI, which checks that it runs, not how fast.
  static let smoke: [Case] = [
    Case(name: "F1 N2 raw", folios: 1, subpages: 2, symmetry: false, threads: 1),
    Case(name: "F1 N3 reduced", folios: 1, subpages: 3, symmetry: true, threads: nil),
    Case(name: "F2 N1 reduced", folios: 2, subpages: 1, symmetry: true, threads: nil),
    Case(name: "F1 N3 reduced", folios: 1, subpages: 3, symmetry: true, threads: 1, sideBySide: true),
    Case(name: "F1 N3 live", folios: 1, subpages: 3, symmetry: true, threads: nil, liveness: true),
    Case(name: "F1 views N", folios: 1, subpages: 1, symmetry: false, threads: nil, everySize: true, views: true),
    // Without long-term pins: 13,064 abstract states.
    Case(
      name: "F1 every N", folios: 1, subpages: 1, symmetry: false, threads: nil, everySize: true,
      overrides: ["longTermPins=forbidden"]),
    Case(
      name: "F1 data all N", folios: 1, subpages: 1, symmetry: false, threads: nil, everySize: true,
      overrides: ["longTermPins=forbidden", "trackData=true"]),
  ]

  static let options: [OptionSpec] = [
    OptionSpec(name: "--suite", value: "NAME", help: "full (default, minutes) or smoke (seconds)"),
    OptionSpec(
      name: "--case", value: "K",
      help: "run case K alone (bench runs each case in a process of its own)"),
    OptionSpec(name: "--help", value: nil, help: "show this help"),
  ]

  static func run(_ argv: ArraySlice<String>) throws(UsageError) -> ExitStatus {
    let args = try Arguments(argv, options: options)
    if args.has("--help") {
      print(Help.bench)
      return .pass
    }
    if let extra = args.positionals.first { throw UsageError("bench takes no arguments; found '\(printable(extra))'") }
    let name = try args.choice("--suite", of: ["full", "smoke"]) ?? "full"
    let suite = name == "smoke" ? smoke : full
    if let k = try args.integer("--case", in: 0...suite.count - 1) {
      let before = currentResidentBytes()
      let (line, result, peak) = measure(suite[k])
      print(line)
      print(memoryLine(suite[k], result, growth: peak.flatMap { p in before.map { p - $0 } }))
      if suite[k].liveness { print("live " + graphLine(suite[k], result)) }
      // A benchmark that stops early or finds a violation measured
      // something else: say so in the exit status.
      return result.verdict == nil ? .pass : .violation
    }
    print("gmemcheck \(Help.version) bench: default design, safety properties and deadlock")
    print("(\"live\" cases: every property, liveness too, on the graph engine;")
    print("\"all N\", \"every N\": check --all-sizes --no-views, the abstract")
    print("searches' states, the whole check's seconds; \"views\": check --all-sizes,")
    print("the views' parts as states, expansions as transitions, bytes the views'")
    print("tables; \"data\": content tracked; \"V2\": two vCPUs; the smoke suite's")
    print("cap-1 searches without long-term pins)")
    print("\(EngineOptions.cores) cores, \(megabytes(Int(ProcessInfo.processInfo.physicalMemory))) memory")
    print("")
    print(header)
    var status = ExitStatus.pass
    var memory: [String] = []
    for k in suite.indices {
      let (rows, ok) = try runCase(k, suite: name)
      print(rows.first ?? "\(suite[k].name): no output")
      memory += rows.dropFirst()
      if !ok { status = .violation }
      if Interrupt.requested {
        print("bench: interrupted after case \(k + 1) of \(suite.count)")
        return .incomplete
      }
    }
    print("")
    print("1+1: two one-thread searches at once, sharing nothing: seconds of the")
    print("slower, states/s twice its rate; stored and queue, both's")
    print("")
    print("memory: stored = visited set + trace links; queue = the levels kept whole;")
    print("growth = the case's peak RSS less the RSS its process started with")
    print("case          thr     stored      queue     growth  growth/(stored+queue)")
    memory.filter { !$0.hasPrefix("live ") }.forEach { print($0) }
    let live = memory.filter { $0.hasPrefix("live ") }
    if !live.isEmpty {
      print("")
      print("live cases: the graph's bytes a state (fingerprint, index slot,")
      print("out-degree, row starts, waiting bits) and a stored transition")
      print("(target, fair class, flags), self-loops included")
      print("case          thr       stored   B/state   B/transition")
      live.forEach { print($0.dropFirst(5)) }
    }
    return status
  }

  /// Runs case `k` in a child process: its rows, and whether it passed.
  static func runCase(_ k: Int, suite: String) throws(UsageError) -> ([String], Bool) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/proc/self/exe")
    process.arguments = ["bench", "--suite", suite, "--case", "\(k)"]
    let out = Pipe()
    process.standardOutput = out
    do { try process.run() } catch { throw UsageError("bench: cannot start a case: \(error)") }
    // A signal from now on is passed on to the case (see Interrupt).
    Interrupt.child.store(process.processIdentifier, ordering: .relaxed)
    if Interrupt.requested { process.interrupt() }
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    Interrupt.child.store(0, ordering: .relaxed)
    let rows = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    return (rows, process.terminationStatus == 0)
  }

  /// What a row shows of a search, a concrete or an abstract one.
  struct Figures {
    let states, transitions, bytes, queueBytes, transitionBytes, storedTransitions: Int
    /// The states `bytes` holds: `states`, but for several searches run
    /// one after another, the one search whose memory is shown.
    let storedStates: Int
    let seconds, statesPerSecond: Double
    /// nil for a pass; else what the search ended with.
    let verdict: String?

    init<S, L>(
      _ r: SearchResult<S, L>, seconds: Double? = nil, passed: Bool? = nil, states: Int? = nil,
      transitions: Int? = nil
    ) {
      (self.states, self.transitions) = (states ?? r.states, transitions ?? r.transitions)
      (bytes, queueBytes, storedStates) = (r.bytes, r.queueBytes, r.states)
      (transitionBytes, storedTransitions) = (r.transitionBytes, r.storedTransitions)
      self.seconds = seconds ?? r.seconds
      statesPerSecond = self.seconds > 0 ? Double(self.states) / self.seconds : 0
      let pass = passed ?? (r.verdict == .pass)
      verdict = pass ? nil : r.verdict.rawValue
    }

    /// The views of two subpages: no queue, no graph.
    init(states: Int, transitions: Int, bytes: Int, seconds: Double, verdict: String?) {
      (self.states, self.transitions, self.bytes, storedStates) = (states, transitions, bytes, states)
      (queueBytes, transitionBytes, storedTransitions) = (0, 0, 0)
      self.seconds = seconds
      statesPerSecond = seconds > 0 ? Double(states) / seconds : 0
      self.verdict = verdict
    }
  }

  static func memoryLine(_ c: Case, _ r: Figures, growth: Int?) -> String {
    var line = c.name.padding(toLength: 14, withPad: " ", startingAt: 0)
    line += c.threadsColumn.leftPadded(to: 3)
    let copies = c.sideBySide ? 2 : 1
    line += megabytes(copies * r.bytes).leftPadded(to: 11) + megabytes(copies * r.queueBytes).leftPadded(to: 11)
    line += (growth.map(megabytes) ?? "?").leftPadded(to: 11)
    if let growth {
      line += String(format: "%23.2f", Double(growth) / Double(copies * (r.bytes + r.queueBytes)))
    }
    return line
  }

  /// A live case's bytes a state and a transition.
  static func graphLine(_ c: Case, _ r: Figures) -> String {
    var line = c.name.padding(toLength: 14, withPad: " ", startingAt: 0) + c.threadsColumn.leftPadded(to: 3)
    line += grouped(r.storedTransitions).leftPadded(to: 13)
    line += String(format: "%10.1f", Double(r.bytes - r.transitionBytes) / Double(max(r.states, 1)))
    line += String(format: "%15.1f", Double(r.transitionBytes) / Double(max(r.storedTransitions, 1)))
    return line
  }

  /// Runs `search` twice at once: the slower result, or a failed one.
  static func slowerOfTwo(_ search: () -> SearchResult<GmemState, Step>) -> SearchResult<GmemState, Step> {
    var results: [SearchResult<GmemState, Step>?] = [nil, nil]
    // Each thread writes its own slot; the searches share nothing else.
    results.withUnsafeMutableBufferPointer { slots in parallel(2) { slots[$0] = search() } }
    let both = results.compactMap { $0 }
    return both.first { $0.verdict != .pass } ?? both.max { $0.seconds < $1.seconds }!
  }

  static let header =
    "case          thr      states   transitions      s   states/s   B/st      peak"

  static func measure(_ c: Case) -> (String, Figures, Int?) {
    var config = ModelConfig()
    // Models/default.json5: the default design, with its assumption.
    (config.folios, config.subpages) = (c.folios, c.subpages)
    config.assumptions = [.hostQuiescesDuringConversion]
    // The suites' overrides are known good.
    for o in c.overrides { try! config.apply(override: o) }
    let r = c.everySize ? everySize(c, config) : search(c, config)
    let peakBytes = peakResidentBytes()
    let peak = peakBytes.map(megabytes) ?? "?"
    var line = c.name.padding(toLength: 14, withPad: " ", startingAt: 0)
    line += c.threadsColumn.leftPadded(to: 3)
    line += grouped(r.states).leftPadded(to: 12) + grouped(r.transitions).leftPadded(to: 14)
    let rate = Double(c.sideBySide ? 2 : 1) * r.statesPerSecond
    line += String(format: "%7.2f", r.seconds) + grouped(Int(rate)).leftPadded(to: 11)
    line += String(format: "%7.1f", Double(r.bytes) / Double(max(r.storedStates, 1)))
    line += peak.leftPadded(to: 10)
    if let v = r.verdict { line += "  (\(v))" }
    return (line, r, peakBytes)
  }

  /// `check --all-sizes`: the abstract searches' states and transitions
  /// (with `views`, the views' parts and expansions), the whole check's
  /// seconds (N = 1 and any concretisation included).
  static func everySize(_ c: Case, _ config: ModelConfig) -> Figures {
    var check = AllSizesCheck(config, invariants: Selection.all(for: config).invariants)
    check.threads = c.threads ?? EngineOptions.cores
    check.views = c.views
    let result = check.run()
    let seconds = result.single.result.seconds + result.abstractSeconds
      + result.concrete.reduce(0) { $0 + $1.result.seconds }
    let passed = result.verdicts.allSatisfy { $0 == .proven }
    if c.views, result.abstract.isEmpty, let v = result.views.first?.result {
      return Figures(
        states: v.parts, transitions: v.expansions, bytes: v.bytes, seconds: seconds,
        verdict: passed ? nil : "\(v.completion)")
    }
    // The largest search's memory; every search's states and transitions.
    guard let largest = result.abstract.map(\.result).max(by: { $0.bytes < $1.bytes }) else {
      return Figures(states: 0, transitions: 0, bytes: 0, seconds: seconds, verdict: "no abstract search")
    }
    return Figures(
      largest, seconds: seconds, passed: passed, states: result.abstractStates,
      transitions: result.abstractTransitions)
  }

  static func search(_ c: Case, _ config: ModelConfig) -> Figures {
    var selection = Selection.all(for: config)
    if !c.liveness { selection.liveness = [] }
    let engine = EngineOptions(symmetry: c.symmetry, threads: c.threads ?? EngineOptions.cores)
    let search = {
      Checking.run(
        "bench", config, selection: selection,
        limits: SearchLimits(
          maxStates: c.liveness ? SearchLimits.defaultMaxStates : Checking.frontierMaxStates,
          maxBytes: SystemMemory.defaultBudget() / (c.sideBySide ? 2 : 1)),
        engine: engine
      ).result
    }
    return Figures(c.sideBySide ? slowerOfTwo(search) : search())
  }
}
