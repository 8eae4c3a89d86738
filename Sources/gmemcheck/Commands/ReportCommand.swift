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
    var runs: [(String, CheckRun)] = []
    for file in try VerifyCommand.configurationFiles(args.positionals) {
      do {
        let config = try Checking.load(file, overrides: [])
        runs.append((file, Checking.run(file, config, selection: .all(for: config), limits: limits)))
      } catch {
        printError(error.description)
        return .usage
      }
    }
    let text = MarkdownReport.render(runs, command: "gmemcheck report " + args.positionals.joined(separator: " "))
    if let out = args.last("-o") {
      do {
        try text.write(toFile: out, atomically: true, encoding: .utf8)
      } catch {
        throw UsageError("-o: cannot write '\(out)'")
      }
      printError("wrote \(out): \(runs.count) configurations")
    } else {
      print(text, terminator: "")
    }
    return .pass
  }
}
