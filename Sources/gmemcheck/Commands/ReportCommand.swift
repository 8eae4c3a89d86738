import Foundation
import GmemModel
import Invariants

/// `gmemcheck report PATH... -o FILE`: every configuration checked, one
/// Markdown document for design review.
enum ReportCommand {
  static let options: [OptionSpec] =
    [OptionSpec(name: "-o", value: "FILE", help: "write the report here (default: stdout)")]
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
    for (file, config) in configs {
      let run = Checking.run(file, config, selection: .all(for: config), limits: limits)
      if run.result.completion == .interrupted {
        printError("interrupted at \(file): no report written")
        return .incomplete
      }
      runs.append((file, run))
    }
    let text = MarkdownReport.render(runs, command: "gmemcheck report " + args.positionals.joined(separator: " "))
    if let out {
      try out.write(text)
      printError("wrote \(out.path): \(runs.count) configurations")
    } else {
      print(text, terminator: "")
    }
    return .pass
  }
}
