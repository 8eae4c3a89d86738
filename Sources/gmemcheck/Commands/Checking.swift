import Explorer
import Foundation
import GmemModel
import Invariants

/// What a check looks at: safety properties, liveness properties, and
/// whether a stuck state counts as a violation.
struct Selection {
  var invariants: [Invariant]
  var liveness: [LivenessProperty]
  var deadlock: Bool

  var isEmpty: Bool { invariants.isEmpty && liveness.isEmpty && !deadlock }

  static var allNames: [String] { PropertyNames.all }
  static var deadlockName: String { PropertyNames.deadlock }

  /// Everything that applies to `config`.
  static func all(for config: ModelConfig) -> Selection {
    Selection(invariants: Invariant.applicable(to: config), liveness: LivenessProperty.all, deadlock: true)
  }
}

/// How to search: `--threads`, `--no-symmetry`, `--exact`, `--progress`.
struct EngineOptions {
  var symmetry = true
  var threads = EngineOptions.cores
  var exact = false
  var progress = false

  static var cores: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }
}

/// Which search ran: the frontier engine (safety and deadlock) or the
/// graph engine (liveness and --dot keep every state and transition);
/// both reduced by symmetry unless told not to, except for --dot, which
/// draws the model's own states.
enum EngineUsed: Equatable {
  case frontier(symmetry: Bool, exact: Bool, threads: Int)
  case graph(symmetry: Bool, exact: Bool, threads: Int, reason: String)
}

/// One finished check: what was checked and what the search found.
struct CheckRun {
  let configPath: String
  let model: GuestMemfd
  let selection: Selection
  let limits: SearchLimits
  let engine: EngineUsed
  let result: SearchResult<GmemState, Step>

  var invariants: [Invariant] { selection.invariants }

  /// Actions that never fired and the configuration does not excuse, and
  /// excused ones that fired after all.
  var coverageSurprises: (unexplained: [String], fired: [String]) {
    guard let c = result.coverage, result.completion == .exhausted else { return ([], []) }
    let never = c.neverFired
    let excused = model.config.unfired.keys
    return (never.filter { !excused.contains($0) }, excused.filter { !never.contains($0) }.sorted())
  }

  /// The checked properties `state` violates, in order.
  func violated(in state: GmemState) -> [String] {
    invariants.filter { !$0.holds(in: state, of: model) }.map(\.name)
  }

  var exitStatus: ExitStatus {
    switch result.verdict {
    case .pass: .pass
    case .fail: .violation
    case .incomplete: .incomplete
    }
  }
}

/// What `check` and `verify` share: reading a configuration whole, and
/// running one check.
enum Checking {
  /// The configuration with its overrides, its `expect` checked against
  /// the properties.
  static func load(_ path: String, overrides: [String]) throws(ConfigError) -> ModelConfig {
    let config = try ModelConfig.load(file: path, overrides: overrides)
    try Invariant.validateExpectations(of: config, source: path)
    return config
  }

  static func run(
    _ path: String, _ config: ModelConfig, selection: Selection, limits: SearchLimits,
    keepGraph: Bool = false, countCoverage: Bool = false, engine: EngineOptions = .init()
  ) -> CheckRun {
    let model = GuestMemfd(config)
    let properties = selection.invariants.map { $0.property(for: model) }
    // Counting costs a call per transition: only when a report uses it.
    let coverage = countCoverage ? model.coverageClasses : nil
    guard let reason = graphReason(selection, keepGraph: keepGraph) else {
      var search = FrontierSearch(
        system: model, properties: properties, checkDeadlock: selection.deadlock, limits: limits)
      if engine.symmetry { search.canonical = Canonicalizer(model).canonical }
      (search.threads, search.exact) = (engine.threads, engine.exact)
      if let coverage { search.coverage = (coverage.names, coverage.classOf) }
      if engine.progress { search.progress = printProgress }
      search.stop = Interrupt.request
      let used = EngineUsed.frontier(symmetry: engine.symmetry, exact: engine.exact, threads: engine.threads)
      return CheckRun(
        configPath: path, model: model, selection: selection, limits: limits, engine: used,
        result: search.run())
    }
    var search = BreadthFirstSearch(
      system: model, properties: properties,
      eventually: selection.liveness.map { $0.eventually(for: model) }, fairness: model.fairness,
      checkDeadlock: selection.deadlock, limits: limits)
    if let coverage { search.coverage = (coverage.names, coverage.classOf) }
    search.keepGraph = keepGraph
    search.stop = Interrupt.request
    (search.threads, search.exact) = (engine.threads, engine.exact)
    let reduced = engine.symmetry && !keepGraph
    if reduced { search.reduction = model.livenessReduction }
    // A drawing shows whole states: it keeps them.
    let used = EngineUsed.graph(symmetry: reduced, exact: engine.exact || keepGraph, threads: engine.threads, reason: reason)
    return CheckRun(
      configPath: path, model: model, selection: selection, limits: limits, engine: used, result: search.run())
  }

  /// Why a check needs the graph engine, or nil when the frontier engine
  /// can run it.
  static func graphReason(_ selection: Selection, keepGraph: Bool) -> String? {
    if keepGraph { return "--dot draws the unreduced graph" }
    return selection.liveness.isEmpty ? nil : "liveness keeps every transition"
  }

  /// One line on stderr, under 80 columns: how far a long search has
  /// come (TLC's distinct and generated states, the queue, the level).
  static func printProgress(_ p: SearchProgress) {
    let rate = Int(Double(p.states) / max(p.seconds, 1e-9))
    var line = "progress: \(compact(p.states)) distinct, \(compact(p.transitions)) generated,"
    line += " queue \(compact(p.queue)), depth \(p.depth), \(compact(rate))/s,"
    line += " \(megabytes(currentResidentBytes() ?? p.bytes))"
    FileHandle.standardError.write(Data((line + "\n").utf8))
  }

  /// `--threads`, `--no-symmetry`, `--exact` and `--progress`.
  static let engineOptions: [OptionSpec] = [
    OptionSpec(
      name: "--threads", value: "N", help: "search on N threads (default: every core, here \(EngineOptions.cores))"),
    OptionSpec(name: "--no-symmetry", value: nil, help: "no symmetry reduction: raw state counts"),
    OptionSpec(name: "--exact", value: nil, help: "store whole states, not 64-bit fingerprints"),
    OptionSpec(name: "--progress", value: nil, help: "a progress line on stderr every second (default: if a terminal)"),
  ]

  static func engine(_ args: Arguments) throws(UsageError) -> EngineOptions {
    var e = EngineOptions()
    e.threads = try args.integer("--threads", in: 1...256) ?? e.threads
    e.symmetry = !args.has("--no-symmetry")
    e.exact = args.has("--exact")
    e.progress = args.has("--progress") || isatty(2) != 0
    return e
  }

  /// The default state bound of the frontier engine: about 6.4 GB at 16
  /// bytes a state. The graph engine keeps whole states and every
  /// transition, so its default is `SearchLimits.defaultMaxStates`.
  static let frontierMaxStates = 400_000_000

  /// `--max-states` and `--max-depth`, shared by the commands that search.
  static let limitOptions: [OptionSpec] = [
    OptionSpec(
      name: "--max-states", value: "N",
      help: "stop after N distinct states (default \(grouped(frontierMaxStates)), with liveness"
        + " \(grouped(SearchLimits.defaultMaxStates)))"),
    OptionSpec(name: "--max-depth", value: "N", help: "explore at most N steps from the start"),
    OptionSpec(
      name: "--max-memory", value: "SIZE",
      help: "stop before the search's tables pass SIZE (512M, 2G, 1.5G, bytes; default"
        + " \(mebibytes(SystemMemory.defaultBudget())) here: 80% of memory, or less under a ulimit or cgroup,"
        + " which also cap SIZE)"),
  ]

  static func limits(_ args: Arguments, graph: Bool = true) throws(UsageError) -> SearchLimits {
    let maxStates =
      try args.integer("--max-states", in: 1...Int(UInt32.max - 1))
      ?? (graph ? SearchLimits.defaultMaxStates : frontierMaxStates)
    let maxDepth = try args.integer("--max-depth", in: 0...Int(Int32.max))
    // More than a ulimit or cgroup allows would end in the allocator.
    let maxBytes = min(try args.size("--max-memory") ?? SystemMemory.defaultBudget(), SystemMemory.ceiling())
    return SearchLimits(maxStates: maxStates, maxDepth: maxDepth, maxBytes: maxBytes)
  }
}
