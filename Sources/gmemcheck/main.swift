// gmemcheck: parses the command line, calls the libraries, prints.
import GmemModel
let argv = CommandLine.arguments.dropFirst()
let commands = ["check", "verify", "replay", "report", "bench", "list", "help"]

func dispatch() throws(UsageError) -> ExitStatus {
  guard let command = argv.first else {
    print(Help.main)
    return .usage
  }
  let rest = argv.dropFirst()
  if ["check", "verify", "report", "bench"].contains(command) { Interrupt.install() }
  switch command {
  case "check": return try CheckCommand.run(rest)
  case "verify": return try VerifyCommand.run(rest)
  case "replay": return try ReplayCommand.run(rest)
  case "report": return try ReportCommand.run(rest)
  case "bench": return try BenchCommand.run(rest)
  case "list": return try ListCommand.run(rest)
  case "help", "--help", "-h":
    try noMore(rest.dropFirst(), after: command + (rest.first.map { " " + $0 } ?? ""))
    switch rest.first {
    case nil: print(Help.main)
    case "check": print(Help.check)
    case "verify": print(Help.verify)
    case "replay": print(Help.replay)
    case "report": print(Help.report)
    case "bench": print(Help.bench)
    case "list", "help": print(Help.main)
    case let topic?:
      throw UsageError(
        "help has no topic '\(printable(topic))'.\(didYouMean(topic, in: commands)) Try 'gmemcheck help'.")
    }
    return .pass
  case "--version":
    try noMore(rest, after: command)
    print("gmemcheck \(Help.version)")
    return .pass
  default:
    let kind = command.hasPrefix("-") ? "option" : "command"
    throw UsageError("unknown \(kind) '\(printable(command))'.\(didYouMeanCommand(command)) See 'gmemcheck help'.")
  }
}

/// Nothing may follow `what`: a word more is a mistake to report, not
/// to ignore.
func noMore(_ rest: ArraySlice<String>, after what: String) throws(UsageError) {
  if let extra = rest.first {
    throw UsageError("\(what) takes nothing more; found '\(printable(extra))'")
  }
}

func didYouMeanCommand(_ word: String) -> String {
  didYouMean(word, in: commands + ["--help", "--version"])
}

do {
  finish(try dispatch())
} catch {
  printError(error.description)
  finish(.usage)
}
