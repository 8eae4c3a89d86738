import Explorer
import GmemModel
import Invariants

/// What a check looks at: safety properties, liveness properties, and
/// whether a stuck state counts as a violation.
struct Selection {
  var invariants: [Invariant]
  var liveness: [LivenessProperty]
  var deadlock: Bool

  static var allNames: [String] { PropertyNames.all }
  static var deadlockName: String { PropertyNames.deadlock }

  /// Everything that applies to `config`.
  static func all(for config: ModelConfig) -> Selection {
    Selection(invariants: Invariant.applicable(to: config), liveness: LivenessProperty.all, deadlock: true)
  }
}

/// One finished check: what was checked and what the search found.
struct CheckRun {
  let configPath: String
  let model: GuestMemfd
  let selection: Selection
  let limits: SearchLimits
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
    keepGraph: Bool = false, countCoverage: Bool = false
  ) -> CheckRun {
    let model = GuestMemfd(config)
    var search = BreadthFirstSearch(
      system: model, properties: selection.invariants.map { $0.property(for: model) },
      eventually: selection.liveness.map { $0.eventually(for: model) }, fairness: model.fairness,
      checkDeadlock: selection.deadlock, limits: limits)
    // Counting costs a call per transition: only when a report uses it.
    if countCoverage {
      let (names, classOf) = model.coverageClasses
      search.coverage = (names, classOf)
    }
    search.keepGraph = keepGraph
    return CheckRun(
      configPath: path, model: model, selection: selection, limits: limits, result: search.run())
  }

  /// `--max-states` and `--max-depth`, shared by the commands that search.
  static let limitOptions: [OptionSpec] = [
    OptionSpec(
      name: "--max-states", value: "N",
      help: "stop after N distinct states (default \(grouped(SearchLimits.defaultMaxStates)))"),
    OptionSpec(name: "--max-depth", value: "N", help: "explore at most N steps from the start"),
  ]

  static func limits(_ args: Arguments) throws(UsageError) -> SearchLimits {
    let maxStates =
      try args.integer("--max-states", in: 1...Int(UInt32.max - 1)) ?? SearchLimits.defaultMaxStates
    let maxDepth = try args.integer("--max-depth", in: 0...Int(Int32.max))
    return SearchLimits(maxStates: maxStates, maxDepth: maxDepth)
  }
}
