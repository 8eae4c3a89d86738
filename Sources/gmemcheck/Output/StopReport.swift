import Explorer

/// Why a search stopped before it saw every state, in the words the text
/// and JSON reports share, and what to try next.
extension CheckRun {
  /// The summary's line under `search:`, or nil for a search that ran to
  /// the end.
  var stopLine: String? {
    guard let stop = stoppedBy(result.completion, limits) else { return nil }
    switch result.completion {
    case .depthLimit: return stop + ": states lie deeper"
    case .memoryLimit: return stop + ": " + (sawEveryState ? "no room to check liveness" : "not every state was seen")
    case .interrupted: return stop + ": " + (sawEveryState ? "liveness was not checked" : "not every state was seen")
    default: return stop + ": not every state was seen"
    }
  }

  /// Whether a stopped search had seen every state (and stopped in the
  /// liveness check): only then does a property pass.
  var sawEveryState: Bool { result.properties.contains { $0.verdict == .pass } }

  /// What to try when the memory budget stopped the search.
  var memoryHint: String? {
    guard result.completion == .memoryLimit else { return nil }
    switch engine {
    case .graph(let symmetry, let exact, _, let reason):
      let first = exact && !reason.hasPrefix("--dot") ? "drop --exact, " : symmetry ? "" : "drop --no-symmetry, "
      return first + "check safety alone (--property NAME),"
        + " a smaller model (--set subpages=N), or give --max-states"
    case .frontier(let symmetry, let exact, _):
      let first = exact ? "drop --exact" : symmetry ? "" : "drop --no-symmetry"
      return (first.isEmpty ? "" : first + ", ") + "check a smaller model (--set subpages=N),"
        + " or give --max-states or a larger --max-memory"
    }
  }

  /// The reason in the result line of an incomplete run.
  var incompleteReason: String { whyIncomplete(result.completion) }

  /// The JSON report's `completion`.
  var completionName: String { jsonName(result.completion) }
}

/// What stopped a search before its end, as every report names it (the
/// option and the value it had), or nil for a search that ran to the end.
func stoppedBy(_ completion: Completion, _ limits: SearchLimits) -> String? {
  switch completion {
  case .exhausted: nil
  case .stateLimit: "stopped by --max-states \(grouped(limits.maxStates))"
  case .depthLimit: "stopped by --max-depth \(limits.maxDepth.map(String.init) ?? "?")"
  case .memoryLimit: "stopped by --max-memory \(mebibytes(limits.maxBytes ?? 0))"
  case .interrupted: "interrupted"
  }
}

/// The reason in the result line of an incomplete run.
func whyIncomplete(_ completion: Completion) -> String {
  switch completion {
  case .memoryLimit: "the memory budget ran out"
  case .interrupted: "interrupted"
  default: "a bound stopped the search"
  }
}

/// How the JSON reports name a search's completion.
func jsonName(_ completion: Completion) -> String {
  switch completion {
  case .exhausted: "exhausted"
  case .stateLimit: "maxStates"
  case .depthLimit: "maxDepth"
  case .memoryLimit: "maxMemory"
  case .interrupted: "interrupted"
  }
}
