import Foundation
import GmemModel
import Invariants

/// `gmemcheck replay FILE...`: scenarios (docs/scenarios.md) or JSON
/// counterexamples, step by step on the model.
enum ReplayCommand {
  static let options = [OptionSpec(name: "--help", value: nil, help: "show this help")]

  static func run(_ argv: ArraySlice<String>) throws(UsageError) -> ExitStatus {
    let args = try Arguments(argv, options: options)
    if args.has("--help") {
      print(Help.replay)
      return .pass
    }
    guard !args.positionals.isEmpty else {
      throw UsageError("replay needs scenario files: gmemcheck replay FILE...")
    }
    var total = 0
    var matched = 0
    var malformed = false
    for file in args.positionals {
      let scenarios: [Scenario]
      do {
        scenarios = try load(file)
      } catch {
        print("BAD       \(file)")
        printError(error.description)
        malformed = true
        continue
      }
      for scenario in scenarios {
        total += 1
        switch replay(scenario) {
        case .matched(let steps):
          matched += 1
          print("ok        \(scenario.source)  (\(steps) steps)")
        case .diverged(let lines):
          lines.forEach { print($0) }
        case .malformed(let message):
          print("BAD       \(scenario.source)")
          printError(message)
          malformed = true
        }
      }
    }
    print("result: \(matched) of \(total) scenarios match the model")
    if malformed { return .usage }
    return matched == total ? .pass : .violation
  }

  /// The file's scenarios: a scenario file, or the counterexamples of a
  /// `check --format json` output. Read whole, or refused with the reason
  /// (no such file, permission, not a regular file, not UTF-8 at line:col).
  static func load(_ file: String) throws(ScenarioError) -> [Scenario] {
    let text: String
    do {
      text = try TextFile.read(file)
    } catch {
      throw ScenarioError(printable(file), error.position, "cannot read it: \(error.description)")
    }
    let start = text.unicodeScalars.first { $0 != "\u{FEFF}" && !$0.properties.isWhitespace }
    if file.hasSuffix(".json") || start == "{" {
      return try Scenario.fromCheckJSON(text, source: file)
    }
    return [try Scenario.parse(text, source: file)]
  }

  enum Result {
    case matched(Int)
    case diverged([String])
    case malformed(String)
  }

  static func replay(_ scenario: Scenario) -> Result {
    let config: ModelConfig
    do {
      config = try scenario.configuration()
    } catch {
      return .malformed(error.description)
    }
    let model = GuestMemfd(config)
    let properties = Invariant.applicable(to: config).map { i in
      ReplayProperty(name: i.name) { i.violation(model, $0) }
    }
    let report: ReplayReport
    do {
      report = try scenario.replay(on: model, checking: properties)
    } catch {
      return .malformed(error.description)
    }
    guard let d = report.divergence else { return .matched(report.steps) }
    var lines = ["DIVERGED  \(scenario.source):\(d.line)" + (d.step.map { " (step \($0))" } ?? "")]
    lines += wrap("  " + d.message, indent: "    ")
    lines.append("  state before:")
    for line in model.describe(d.before) { lines += wrap("    " + line, indent: "      ") }
    return .diverged(lines)
  }
}
