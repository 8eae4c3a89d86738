import Explorer
import GmemModel
import Invariants

/// One finished check: what was checked and what the search found.
struct CheckRun {
  let configPath: String
  let model: GuestMemfd
  let invariants: [Invariant]
  let limits: SearchLimits
  let result: SearchResult<GmemState, Step>

  var exitStatus: ExitStatus {
    switch result.verdict {
    case .pass: .pass
    case .fail: .violation
    case .incomplete: .incomplete
    }
  }
}

enum CheckCommand {
  static let options: [OptionSpec] = [
    OptionSpec(name: "--set", value: "KEY=VALUE", help: "override a configuration key (repeatable)"),
    OptionSpec(
      name: "--max-states", value: "N",
      help: "stop after N distinct states (default \(grouped(SearchLimits.defaultMaxStates)))"),
    OptionSpec(name: "--max-depth", value: "N", help: "explore at most N steps from the start"),
    OptionSpec(name: "--property", value: "NAME", help: "check only this property (repeatable)"),
    OptionSpec(name: "--format", value: "text|json", help: "output format (default text)"),
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
      throw UsageError("check takes one configuration file; found also '\(args.positionals[1])'")
    }
    let format = try args.choice("--format", of: ["text", "json"]) ?? "text"
    let maxStates =
      try args.integer("--max-states", in: 1...Int(UInt32.max - 1)) ?? SearchLimits.defaultMaxStates
    let maxDepth = try args.integer("--max-depth", in: 0...Int(Int32.max))
    let invariants = try selectedInvariants(args.all("--property"))
    let config: ModelConfig
    do {
      config = try ModelConfig.load(file: path, overrides: args.all("--set"))
    } catch {
      printError(error.description)
      return .usage
    }
    let model = GuestMemfd(config)
    let limits = SearchLimits(maxStates: maxStates, maxDepth: maxDepth)
    let search = BreadthFirstSearch(
      system: model, properties: invariants.map { $0.property(for: model) }, limits: limits)
    let run = CheckRun(
      configPath: path, model: model, invariants: invariants, limits: limits, result: search.run())
    print(format == "json" ? JSONReport.render(run) : TextReport.render(run))
    return run.exitStatus
  }

  static func selectedInvariants(_ names: [String]) throws(UsageError) -> [Invariant] {
    if names.isEmpty { return Invariant.all }
    var chosen: [Invariant] = []
    for name in names {
      guard let invariant = Invariant.named(name) else {
        throw UsageError(
          "unknown property '\(name)'.\(didYouMean(name, in: Invariant.all.map(\.name)))"
            + " 'gmemcheck list' shows the properties.")
      }
      if !chosen.contains(where: { $0.name == name }) { chosen.append(invariant) }
    }
    return Invariant.all.filter { i in chosen.contains { $0.name == i.name } }
  }
}
