import Explorer
import Foundation
import GmemModel
import Invariants

/// `gmemcheck verify PATH...`: every configuration's verdicts against its
/// `expect`, one row per configuration. A property a configuration does
/// not name in `expect` is expected to pass.
enum VerifyCommand {
  static let options: [OptionSpec] =
    [OptionSpec(name: "--set", value: "KEY=VALUE", help: "override a key in every configuration", repeatable: true)]
    + Checking.limitOptions + [
      OptionSpec(
        name: "--report", value: "FILE",
        help: "also write what 'gmemcheck report' would, from the same checks"),
      OptionSpec(name: "--help", value: nil, help: "show this help"),
    ]

  static func run(_ argv: ArraySlice<String>) throws(UsageError) -> ExitStatus {
    let args = try Arguments(argv, options: options)
    if args.has("--help") {
      print(Help.verify)
      return .pass
    }
    guard !args.positionals.isEmpty else {
      throw UsageError("verify needs configuration files or folders: gmemcheck verify PATH...")
    }
    let limits = try Checking.limits(args)
    let files = try configurationFiles(args.positionals)
    // Opened before the checks, so that a bad path fails at once.
    let report = try args.last("--report").map { f throws(UsageError) in try OutputFile(f, for: "--report") }
    var runs: [(String, CheckRun)] = []
    print("gmemcheck verify: \(files.count) configuration\(files.count == 1 ? "" : "s")")
    print(legend())
    var differing = 0
    var bad = 0
    var checked = 0
    var folder = ""
    for file in files {
      let dir = (file as NSString).deletingLastPathComponent
      if dir != folder {
        folder = dir
        print((dir.isEmpty ? "." : dir) + "/")
      }
      let name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
      let config: ModelConfig
      do {
        config = try Checking.load(file, overrides: args.all("--set"))
      } catch {
        print("  BAD  " + name)
        printError(error.description)
        bad += 1
        continue
      }
      let run = Checking.run(
        file, config, selection: .all(for: config), limits: limits, countCoverage: true)
      if run.result.completion == .interrupted {
        print("  STOP  \(name): interrupted")
        print("result: interrupted after \(checked) of \(files.count) configurations (\(differing) differ)")
        return .incomplete
      }
      checked += 1
      runs.append((file, run))
      let (lines, matches) = row(name, run)
      lines.forEach { print($0) }
      if !matches { differing += 1 }
    }
    if let report, bad == 0 {
      let command = "gmemcheck report " + args.positionals.joined(separator: " ")
      try report.write(MarkdownReport.render(runs, command: command))
      printError("wrote \(report.path): \(runs.count) configurations")
    }
    let good = files.count - differing - bad
    print("result: \(good) of \(files.count) configurations as expected"
      + (differing > 0 ? ", \(differing) differ" : "") + (bad > 0 ? ", \(bad) unreadable" : ""))
    if bad > 0 { return .usage }
    return differing > 0 ? .violation : .pass
  }

  /// Files named, and `*.json5` files under folders named, sorted, each
  /// once. O(files).
  static func configurationFiles(_ paths: [String]) throws(UsageError) -> [String] {
    var files: [String] = []
    let fm = FileManager.default
    for path in paths {
      var isDirectory: ObjCBool = false
      guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw UsageError("no such file or folder: '\(printable(path, limit: 4096))'")
      }
      guard isDirectory.boolValue else {
        files.append(path)
        continue
      }
      let base = path.hasSuffix("/") ? String(path.dropLast()) : path
      let found = (fm.enumerator(atPath: path)?.allObjects as? [String] ?? [])
        .filter { $0.hasSuffix(".json5") }.map { base + "/" + $0 }
      // Files of a folder before those of its subfolders.
      files += found.sorted { a, b in
        let (da, db) = (a.split(separator: "/").count, b.split(separator: "/").count)
        return da != db ? da < db : a < b
      }
    }
    var seen = Set<String>()
    return files.filter { seen.insert($0).inserted }
  }

  static let cellWidth = 5
  /// Status and name before the cells: 12 properties of 5 columns each
  /// leave 20 of 80; a longer name gets a line of its own.
  static let statusWidth = 7
  static let nameWidth = 13

  static func legend() -> String {
    let names = PropertyNames.all.map { "\(PropertyNames.short($0)) \($0)" }.joined(separator: ", ")
    var lines = wrap("columns: " + names + "; - not checked, ???? incomplete", indent: "  ")
    lines.append(
      String(repeating: " ", count: statusWidth + nameWidth)
        + PropertyNames.all.map {
          PropertyNames.short($0).padding(toLength: cellWidth, withPad: " ", startingAt: 0)
        }.joined().trimmingSuffix())
    return lines.joined(separator: "\n")
  }

  /// The row for one configuration and whether every verdict matched; a
  /// mismatch adds a line per property saying what was expected.
  static func row(_ name: String, _ run: CheckRun) -> ([String], Bool) {
    let config = run.model.config
    var cells = ""
    var notes: [String] = []
    for name in PropertyNames.all {
      guard let result = run.result.properties.first(where: { $0.name == name }) else {
        cells += "-".padding(toLength: cellWidth, withPad: " ", startingAt: 0)
        continue
      }
      let expected = PropertyNames.expected(name, in: config)
      let matches = result.verdict.rawValue == expected.rawValue
      let cell = TextReport.verdictWord(result.verdict)
      if !matches {
        var note = "      \(name): expected \(expected.rawValue), got \(result.verdict.rawValue)"
        if let trace = result.counterexample { note += " (counterexample: \(trace.steps.count) steps)" }
        notes.append(note)
      }
      cells += cell.padding(toLength: cellWidth, withPad: " ", startingAt: 0)
    }
    let (unexplained, fired) = run.coverageSurprises
    for name in unexplained {
      notes.append("      \(name) never fired (say why in 'unfired' if it is meant)")
    }
    for name in fired { notes.append("      \(name) is listed in 'unfired' but fired") }
    let status = notes.isEmpty ? "  ok   " : "  DIFF "
    var lines: [String]
    if name.count < nameWidth {
      lines = [status + name.padding(toLength: nameWidth, withPad: " ", startingAt: 0) + cells]
    } else {
      lines = [status + name, String(repeating: " ", count: statusWidth + nameWidth) + cells]
    }
    lines[lines.count - 1] = lines[lines.count - 1].trimmingSuffix()
    return (lines + notes, notes.isEmpty)
  }
}
