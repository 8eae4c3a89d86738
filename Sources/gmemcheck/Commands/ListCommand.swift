import GmemModel
import Invariants

/// `gmemcheck list`: properties, actions, configuration keys, mutants.
enum ListCommand {
  static func run(_ argv: ArraySlice<String>) throws(UsageError) -> ExitStatus {
    let args = try Arguments(argv, options: [OptionSpec(name: "--help", value: nil, help: "")])
    if let extra = args.positionals.first { throw UsageError("list takes no arguments; found '\(printable(extra))'") }
    print(render())
    return .pass
  }

  static func render() -> String {
    var out = ["PROPERTIES (safety: checked in every reachable state)"]
    for i in Invariant.all {
      out.append("  " + i.name)
      out += wrap("      " + i.summary, indent: "      ")
    }
    out.append("")
    out.append("  " + PropertyNames.deadlock)
    out.append("      a state with no action left is a proper end: closed, every folio back")
    out.append("")
    out.append("LIVENESS (on every path fair for the 'fairness' actions)")
    for p in LivenessProperty.all {
      out.append("  " + p.name)
      out += wrap("      " + p.summary, indent: "      ")
    }
    out.append("")
    out.append("ACTIONS (actor, action, operand)")
    for kind in ActionKind.allCases {
      let head = "  " + kind.actor.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)
        + kind.name.padding(toLength: 13, withPad: " ", startingAt: 0) + kind.operand
      out.append(head.trimmingSuffix())
      out.append("      " + kind.summary)
    }
    out.append("  outcomes: " + Outcome.allCases.map(\.name).joined(separator: ", "))
    out.append("")
    out.append("CONFIGURATION KEYS (JSON5 file or --set KEY=VALUE; default in brackets)")
    let defaults = ModelConfig()
    for key in ConfigKey.all {
      out.append("  \(key.name): \(key.allowed)  [\(key.value(in: defaults))]")
      out.append("      " + key.summary)
    }
    out.append("")
    out.append("ASSUMPTIONS (for the key 'assume')")
    for a in Assumption.allCases {
      out.append("  " + a.rawValue)
      out += wrap("      " + a.summary, indent: "      ")
    }
    out.append("")
    out.append("MUTANTS (deliberately wrong designs, for the key 'mutants')")
    for m in Mutant.allCases {
      out.append("  \(m.rawValue)  (breaks \(m.breaks))")
      out.append("      " + m.summary)
    }
    return out.joined(separator: "\n")
  }
}
