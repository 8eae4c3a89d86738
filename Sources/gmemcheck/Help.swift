/// The help texts: USAGE, ARGUMENTS, OPTIONS, EXIT STATUS.
enum Help {
  static let version = "0.1.0"

  static let exitStatus = """
    EXIT STATUS
      0  every property holds in every reachable state (pass)
      1  a property is violated (a counterexample is printed)
      2  usage or configuration error (nothing is checked)
      3  incomplete: --max-states, --max-depth, --max-memory or an
         interrupt (Ctrl-C, SIGTERM) stopped the search before every
         state was seen, and no violation was found; the summary says
         which (a second Ctrl-C ends the process at once)
      4  --all-sizes: unknown; an abstract violation that no concrete
         N up to 6 realises (maybe spurious): nothing is proven
    """

  static let main = """
    gmemcheck \(version): a model checker for guest_memfd shared/private conversion

    USAGE
      gmemcheck check CONFIG [--set KEY=VALUE]... [--max-states N]
                             [--max-depth N] [--max-memory SIZE]
                             [--property NAME]...
                             [--no-deadlock] [--coverage] [--threads N]
                             [--no-symmetry] [--exact] [--progress]
                             [--format text|json|mermaid|table]
                             [--emit-scenario FILE] [--dot FILE]
                             [--all-sizes [--no-views]]
      gmemcheck verify PATH... [--set KEY=VALUE]... [--max-states N]
                               [--max-depth N] [--max-memory SIZE]
      gmemcheck replay FILE...
      gmemcheck report PATH... [-o FILE] [--all-sizes]
      gmemcheck bench [--suite full|smoke]
      gmemcheck list
      gmemcheck help [COMMAND]
      gmemcheck --version

    COMMANDS
      check   explore every interleaving of the model CONFIG describes and
              check each property; print the shortest counterexample of each
              property that fails
      verify  check every configuration (files, or *.json5 under folders)
              against its 'expect'; one row per configuration
      replay  run scenarios (docs/scenarios.md) or JSON counterexamples
              step by step on the model; report the first divergence
      report  check every configuration and write one Markdown document:
              the verdict matrix, each failure drawn, each configuration
      bench   time a fixed suite of searches: states/s, bytes per state, memory
      list    the properties, actions, configuration keys and mutants

    \(exitStatus)
    """

  static let verifyExitStatus = """
    EXIT STATUS
      0  every verdict of every configuration is as expected, and every
         action fired except those its 'unfired' excuses
      1  some verdict differs from its expectation (or a bound stopped a
         search: an incomplete verdict is never as expected), or an
         action never fired that 'unfired' does not excuse
      2  usage error, or a configuration that cannot be read
      3  interrupted (Ctrl-C, SIGTERM) before every configuration was
         checked
    """

  static let replayExitStatus = """
    EXIT STATUS
      0  every scenario matches the model
      1  a scenario diverges (its first divergence is printed)
      2  usage error, or a malformed scenario (file:line:column)
    """

  static var replay: String {
    usage(
      "gmemcheck replay FILE...",
      arguments: "  FILE                a scenario, or a 'check --format json' output",
      options: ReplayCommand.options, status: replayExitStatus)
  }

  static var report: String {
    usage(
      "gmemcheck report PATH... [-o FILE] [--all-sizes]",
      arguments: "  PATH                a configuration file, or a folder of *.json5 files",
      options: ReportCommand.options,
      status: "EXIT STATUS\n  0  the report was written (whatever the verdicts)\n  2  usage error, or a configuration that cannot be read\n"
        + "  3  interrupted (Ctrl-C, SIGTERM): no report was written")
  }

  static var bench: String {
    usage(
      "gmemcheck bench [--suite full|smoke]",
      arguments:
        "  (none)              safety searches of the default design (MODEL.md's\n"
        + "                      defaults): raw and symmetry-reduced, on one thread\n"
        + "                      and every core, and two one-thread searches at\n"
        + "                      once (what two threads could reach); run it from\n"
        + "                      a release build (swift run -c release)",
      options: BenchCommand.options,
      status: "EXIT STATUS\n  0  every case ran to the end and passed\n"
        + "  1  a case stopped at its bound or found a violation\n  2  usage error\n"
        + "  3  interrupted (Ctrl-C, SIGTERM) before every case ran")
  }

  static var verify: String {
    usage(
      "gmemcheck verify PATH... [options]",
      arguments: "  PATH                a configuration file, or a folder of *.json5 files",
      options: VerifyCommand.options, status: verifyExitStatus)
  }

  static var check: String {
    usage(
      "gmemcheck check CONFIG [options]",
      arguments: "  CONFIG              a JSON5 model configuration (see Models/)",
      options: CheckCommand.options, status: exitStatus)
  }

  static func usage(_ line: String, arguments: String, options: [OptionSpec], status: String)
    -> String
  {
    var lines = ["USAGE", "  " + line, "", "ARGUMENTS", arguments, "", "OPTIONS"]
    for o in options {
      let head = "  " + o.name + (o.value.map { " " + $0 } ?? "")
      let help = wrapped(o.help, width: 80 - 22)
      // A long option name takes a line of its own, so the two never run
      // together.
      if head.count >= 21 { lines.append(head) }
      for (k, part) in help.enumerated() {
        let left = k == 0 && head.count < 21 ? head : ""
        lines.append(left.padding(toLength: 22, withPad: " ", startingAt: 0) + part)
      }
    }
    return lines.joined(separator: "\n") + "\n\n" + status
  }

  /// `text` broken at spaces into lines of at most `width` characters (a
  /// longer word gets a line to itself), so help fits 80 columns.
  static func wrapped(_ text: String, width: Int) -> [String] {
    var lines: [String] = []
    var line = ""
    for word in text.split(separator: " ") {
      if !line.isEmpty && line.count + 1 + word.count > width {
        lines.append(line)
        line = ""
      }
      line += (line.isEmpty ? "" : " ") + word
    }
    return lines + [line]
  }
}
