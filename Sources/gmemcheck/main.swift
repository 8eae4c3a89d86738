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
  switch command {
  case "check": return try CheckCommand.run(rest)
  case "verify": return try VerifyCommand.run(rest)
  case "replay": return try ReplayCommand.run(rest)
  case "report": return try ReportCommand.run(rest)
  case "bench": return try BenchCommand.run(rest)
  case "list": return try ListCommand.run(rest)
  case "help", "--help", "-h":
    switch rest.first {
    case "check": print(Help.check)
    case "verify": print(Help.verify)
    case "replay": print(Help.replay)
    case "report": print(Help.report)
    case "bench": print(Help.bench)
    default: print(Help.main)
    }
    return .pass
  case "--version": 
    print("gmemcheck \(Help.version)")
    return .pass
  default:
    let kind = command.hasPrefix("-") ? "option" : "command"
    throw UsageError("unknown \(kind) '\(command)'.\(didYouMeanCommand(command)) See 'gmemcheck help'.")
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
