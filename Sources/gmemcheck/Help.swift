/// The help texts: USAGE, ARGUMENTS, OPTIONS, EXIT STATUS.
enum Help {
  static let version = "0.1.0"

  static let exitStatus = """
    EXIT STATUS
      0  every property holds in every reachable state (pass)
      1  a property is violated (a counterexample is printed)
      2  usage or configuration error (nothing is checked)
      3  incomplete: --max-states or --max-depth stopped the search
         before every state was seen, and no violation was found
    """

  static let main = """
    gmemcheck \(version): a model checker for guest_memfd shared/private conversion

    USAGE
      gmemcheck check CONFIG [--set KEY=VALUE]... [--max-states N]
                             [--max-depth N] [--property NAME]...
                             [--format text|json]
      gmemcheck list
      gmemcheck help [COMMAND]
      gmemcheck --version

    COMMANDS
      check   explore every interleaving of the model CONFIG describes and
              check each property; print the shortest counterexample of each
              property that fails
      list    the properties, actions, configuration keys and mutants

    \(exitStatus)
    """

  static var check: String {
    var lines = [
      "USAGE",
      "  gmemcheck check CONFIG [options]",
      "",
      "ARGUMENTS",
      "  CONFIG              a JSON5 model configuration (see Models/)",
      "",
      "OPTIONS",
    ]
    for o in CheckCommand.options {
      let head = "  " + o.name + (o.value.map { " " + $0 } ?? "")
      lines.append(head.padding(toLength: 22, withPad: " ", startingAt: 0) + o.help)
    }
    return lines.joined(separator: "\n") + "\n\n" + exitStatus
  }
}
