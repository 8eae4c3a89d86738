import Explorer
import Foundation
import GmemModel
import Invariants

/// `gmemcheck check CONFIG`: one configuration, every verdict, the
/// shortest counterexample of each failure.
enum CheckCommand {
  static let options: [OptionSpec] =
    [OptionSpec(name: "--set", value: "KEY=VALUE", help: "override a configuration key (repeatable)", repeatable: true)]
    + Checking.limitOptions + [
      OptionSpec(name: "--property", value: "NAME", help: "check only this property (repeatable)", repeatable: true),
      OptionSpec(name: "--no-deadlock", value: nil, help: "do not report stuck states"),
    ] + Checking.engineOptions + [
      OptionSpec(name: "--coverage", value: nil, help: "per action: how often it fired, new states"),
      OptionSpec(
        name: "--dot", value: "FILE",
        help: "write the state graph as Graphviz DOT (at most \(grouped(DotReport.maxStates)) states)"),
      OptionSpec(
        name: "--format", value: "FORMAT",
        help: "text (default), json, mermaid (sequence diagram), table (Markdown)"),
      OptionSpec(
        name: "--emit-scenario", value: "FILE",
        help: "write the first counterexample as a scenario (see replay)"),
      OptionSpec(
        name: "--all-sizes", value: nil,
        help: "safety properties for every folio size N at once (exit 4: unknown)"),
      OptionSpec(
        name: "--views", value: nil,
        help: "with --all-sizes: try views of two subpages first (the default; one folio)"),
      OptionSpec(
        name: "--no-views", value: nil,
        help: "with --all-sizes: the cap-1 searches alone, without the views"),
      OptionSpec(name: "--help", value: nil, help: "show this help"),
    ]

  static func run(_ argv: ArraySlice<String>) throws(UsageError) -> ExitStatus {
    let args = try Arguments(argv, options: options)
    if args.has("--help") {
      print(Help.check)
      return .pass
    }
    guard let path = args.positionals.first else {
      throw UsageError("check needs a configuration file: gmemcheck check CONFIG")
    }
    guard args.positionals.count == 1 else {
      throw UsageError("check takes one configuration file; found also '\(printable(args.positionals[1]))'")
    }
    let format = try args.choice("--format", of: ["text", "json", "mermaid", "table"]) ?? "text"
    let engine = try Checking.engine(args)
    let config: ModelConfig
    do {
      config = try Checking.load(path, overrides: args.all("--set"))
    } catch {
      printError(error.description)
      return .usage
    }
    var selection = try select(args, config, path)
    for o in ["--views", "--no-views"] where args.has(o) && !args.has("--all-sizes") {
      throw UsageError("\(o) goes with --all-sizes: gmemcheck check CONFIG --all-sizes \(o)")
    }
    if args.has("--views") && args.has("--no-views") {
      throw UsageError("--views and --no-views contradict each other: give one")
    }
    if args.has("--all-sizes") {
      // Safety only: an over-approximation can hide a stuck state.
      selection.liveness = []
      selection.deadlock = false
      guard !selection.invariants.isEmpty else {
        throw UsageError("--all-sizes checks safety properties, and --property names none")
      }
      return AllSizesCommand.run(
        path, config, selection, limits: try Checking.limits(args, graph: false), engine: engine,
        views: !args.has("--no-views"), format: format)
    }
    // Outputs are opened now, so that a bad path stops the check before
    // it starts.
    let dot = try args.last("--dot").map { f throws(UsageError) in try OutputFile(f, for: "--dot") }
    let scenario = try args.last("--emit-scenario").map { f throws(UsageError) in
      try OutputFile(f, for: "--emit-scenario")
    }
    let graph = Checking.graphReason(selection, keepGraph: dot != nil) != nil
    var limits = try Checking.limits(args, graph: graph)
    // A drawing holds at most maxStates: the search need not go further.
    let drawingBound = dot != nil && limits.maxStates > DotReport.maxStates
    if drawingBound { limits.maxStates = DotReport.maxStates }
    let run = Checking.run(
      path, config, selection: selection, limits: limits, keepGraph: dot != nil,
      countCoverage: args.has("--coverage"), engine: engine)
    if let dot, let graph = run.result.graph {
      guard !(drawingBound && run.result.completion == .stateLimit) else {
        throw UsageError(
          "--dot draws at most \(grouped(DotReport.maxStates)) states and \(printable(path, limit: 4096)) has"
            + " more; try --set subpages=1 or 2. \(printable(dot.path, limit: 4096)) was not written")
      }
      try dot.write(DotReport.render(run, graph: graph))
    }
    if let scenario { try emitScenario(run, to: scenario) }
    switch format {
    case "json": print(JSONReport.render(run))
    case "mermaid": print(DiagramReport.mermaid(run))
    case "table": print(DiagramReport.table(run))
    default: print(TextReport.render(run))
    }
    return run.exitStatus
  }

  /// The properties to check: those that apply to `config`, narrowed by
  /// `--property` and `--no-deadlock`, and never none.
  static func select(_ args: Arguments, _ config: ModelConfig, _ path: String) throws(UsageError) -> Selection {
    var selection = Selection.all(for: config)
    selection.deadlock = !args.has("--no-deadlock")
    if let named = try propertyNames(args.all("--property")) {
      for name in named {
        if let reason = Invariant.named(name)?.notApplicable(config) {
          throw UsageError("property '\(name)' is not checked for \(printable(path, limit: 4096)): \(reason)")
        }
      }
      selection.invariants = selection.invariants.filter { named.contains($0.name) }
      selection.liveness = selection.liveness.filter { named.contains($0.name) }
      selection.deadlock = selection.deadlock && named.contains(Selection.deadlockName)
    }
    if selection.isEmpty {
      throw UsageError("nothing to check: --no-deadlock turns off Deadlock, the only property --property names")
    }
    return selection
  }

  /// Writes the first counterexample as a scenario; with none, writes
  /// nothing and says so on stderr.
  static func emitScenario(_ run: CheckRun, to file: OutputFile) throws(UsageError) {
    guard let failed = run.result.properties.first(where: { $0.counterexample != nil }),
      let trace = failed.counterexample
    else {
      file.discard()
      printError("--emit-scenario: no counterexample, so \(file.path) was not written")
      return
    }
    let text = run.model.scenario(
      trace.steps.map(\.label), violating: run.violated(in: trace.final), origin: run.configPath)
    try file.write(text)
  }

  /// The property names `--property` gives, checked, or nil when none.
  static func propertyNames(_ names: [String]) throws(UsageError) -> [String]? {
    if names.isEmpty { return nil }
    for name in names where !Selection.allNames.contains(name) {
      throw UsageError(
        "option '--property' names unknown property '\(printable(name))'.\(didYouMean(name, in: Selection.allNames))"
          + " 'gmemcheck list' shows the properties.")
    }
    return names
  }
}
