import Foundation
import GmemModel
import Invariants

/// `gmemcheck report PATH... -o FILE`: every configuration checked, one
/// Markdown document for design review.
enum ReportCommand {
  static let options: [OptionSpec] =
    [
      OptionSpec(name: "-o", value: "FILE", help: "write the report here (default: stdout)"),
      OptionSpec(
        name: "--all-sizes", value: nil,
        help: "add a column 'every N': the safety properties for every folio size (as check --all-sizes; up to minutes a design)"),
    ]
    + Checking.limitOptions + [OptionSpec(name: "--help", value: nil, help: "show this help")]

  static func run(_ argv: ArraySlice<String>) throws(UsageError) -> ExitStatus {
    let args = try Arguments(argv, options: options)
    if args.has("--help") {
      print(Help.report)
      return .pass
    }
    guard !args.positionals.isEmpty else {
      throw UsageError("report needs configuration files or folders: gmemcheck report PATH... -o FILE")
    }
    let limits = try Checking.limits(args)
    // The every-size checks' bound, as check --all-sizes has it: the
    // views of migrate-shared-4k make 61 million expansions, more than
    // the graph engine's default bound.
    let everyNLimits = try Checking.limits(args, graph: false)
    // Opened before the checks, so that a bad path fails at once.
    let out = try args.last("-o").map { f throws(UsageError) in try OutputFile(f, for: "-o") }
    // Every configuration is read before any is checked: a bad one ends
    // the command before minutes of checking.
    var configs: [(String, ModelConfig)] = []
    for file in try VerifyCommand.configurationFiles(args.positionals) {
      do {
        configs.append((file, try Checking.load(file, overrides: [])))
      } catch {
        printError(error.description)
        return .usage
      }
    }
    var runs: [(String, CheckRun)] = []
    var everyN: [[AllSizesVerdict]]? = args.has("--all-sizes") ? [] : nil
    for (file, config) in configs {
      let run = Checking.run(file, config, selection: .all(for: config), limits: limits)
      if run.result.completion == .interrupted {
        printError("interrupted at \(file): no report written")
        return .incomplete
      }
      runs.append((file, run))
      if everyN != nil {
        var check = AllSizesCheck(config, invariants: run.invariants)
        (check.limits, check.threads, check.stop) = (everyNLimits, EngineOptions.cores, Interrupt.request)
        check.stopAtFirstFailure = true
        let verdicts = check.run().verdicts
        if Interrupt.requested {
          printError("interrupted at \(file) (every N): no report written")
          return .incomplete
        }
        printError("\(MarkdownReport.name(file)): every N: \(MarkdownReport.everyN(verdicts))")
        everyN?.append(verdicts)
      }
    }
    var command = "gmemcheck report " + args.positionals.joined(separator: " ")
    if everyN != nil { command += " --all-sizes" }
    // The bounds, so that an 'incomplete' can be reproduced.
    for o in ["--max-states", "--max-depth", "--max-memory"] {
      if let v = args.last(o) { command += " \(o) \(v)" }
    }
    let text = MarkdownReport.render(runs, everyN: everyN, command: command)
    if let out {
      try out.write(text)
      printError("wrote \(out.path): \(runs.count) configurations")
    } else {
      print(text, terminator: "")
    }
    return .pass
  }
}
